using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ReliabilityAnalyzers.Tool
{
    /// <summary>Entry point: <c>reliability audit|baseline [PATH] [options]</c>.</summary>
    public static class Program
    {
        public const int Ok = 0;
        public const int FailOnMet = 1;
        public const int BuildFailed = 2;
        public const int UsageError = 64;

        private const string Usage = """
            reliability — ReliabilityAnalyzers audit and baseline

            Usage:
              reliability audit [PATH] [--output DIR] [--format md,html,sarif,json] [--fail-on none|warning|error]
              reliability baseline [PATH] [--prune] [--check]

            PATH is a .sln, .slnx, .csproj or a folder holding one of them (default: the current folder).
            audit     runs the real build of PATH with the analyzers injected (no file of yours changes) and writes
                      reliability-report.{md,html,sarif,json} to DIR (default ./reliability-report/).
                      Exit code: 0; 1 when --fail-on is met by a finding not in the baseline; 2 when the build fails.
            baseline  writes reliability.baseline.json beside PATH: the package then suppresses those findings, so
                      CI fails only on new ones. --prune drops entries that match nothing any more (adds none);
                      --check writes nothing and exits 1 when the baseline has stale entries.
            Extra MSBuild arguments may follow `--`, e.g. `-- -p:Configuration=Release`.
            """;

        public static int Main(string[] args)
        {
            try
            {
                return Run(args, Console.Out, Console.Error);
            }
            catch (UsageException ex)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                Console.Error.WriteLine("Run 'reliability --help' for usage.");
                return UsageError;
            }
        }

        public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            if (args.Length > 0 && args[0] == "--")
            {
                args = args.Skip(1).ToArray();
            }

            if (args.Length == 0 || args[0] is "-h" or "--help" or "help" or "-?")
            {
                stdout.WriteLine(Usage);
                return args.Length == 0 ? UsageError : Ok;
            }

            if (args[0] is "--version")
            {
                stdout.WriteLine(ToolInfo.Version);
                return Ok;
            }

            string command = args[0];
            var options = ParseOptions(args.Skip(1).ToArray());
            switch (command)
            {
                case "audit":
                    return AuditCommand.Run(options, stdout, stderr);
                case "baseline":
                    return BaselineCommand.Run(options, stdout, stderr);
                default:
                    throw new UsageException("unknown command '" + command + "' (expected audit or baseline)");
            }
        }

        private static CommandOptions ParseOptions(string[] args)
        {
            var o = new CommandOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string Value()
                {
                    int eq = a.IndexOf('=');
                    if (a.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                    {
                        return a.Substring(eq + 1);
                    }

                    if (i + 1 >= args.Length)
                    {
                        throw new UsageException(a + " needs a value");
                    }

                    return args[++i];
                }

                string name = a.Contains('=') && a.StartsWith("--", StringComparison.Ordinal) ? a.Substring(0, a.IndexOf('=')) : a;
                switch (name)
                {
                    case "--":
                        o.MSBuildArguments.AddRange(args.Skip(i + 1));
                        return o;
                    case "-o":
                    case "--output":
                        o.Output = Value();
                        break;
                    case "-f":
                    case "--format":
                        o.Formats = Value().Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(f => f.Trim().ToLowerInvariant()).ToHashSet();
                        foreach (string f in o.Formats)
                        {
                            if (f is not ("md" or "html" or "sarif" or "json"))
                            {
                                throw new UsageException("unknown format '" + f + "' (expected md, html, sarif, json)");
                            }
                        }

                        break;
                    case "--fail-on":
                        o.FailOn = Value().ToLowerInvariant();
                        if (o.FailOn is not ("none" or "warning" or "error"))
                        {
                            throw new UsageException("--fail-on must be none, warning or error");
                        }

                        break;
                    case "--prune":
                        o.Prune = true;
                        break;
                    case "--check":
                        o.Check = true;
                        break;
                    case "-c":
                    case "--configuration":
                        o.MSBuildArguments.Add("-p:Configuration=" + Value());
                        break;
                    default:
                        if (a.StartsWith("-", StringComparison.Ordinal))
                        {
                            throw new UsageException("unknown option '" + a + "'");
                        }

                        if (o.Path != null)
                        {
                            throw new UsageException("more than one PATH: '" + o.Path + "' and '" + a + "'");
                        }

                        o.Path = a;
                        break;
                }
            }

            if (o.Prune && o.Check)
            {
                throw new UsageException("--prune and --check cannot be combined");
            }

            return o;
        }
    }

    internal sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }

    internal sealed class CommandOptions
    {
        public string? Path { get; set; }

        public string? Output { get; set; }

        public HashSet<string> Formats { get; set; } = new HashSet<string> { "md", "html", "sarif", "json" };

        public string FailOn { get; set; } = "none";

        public bool Prune { get; set; }

        public bool Check { get; set; }

        public List<string> MSBuildArguments { get; } = new List<string>();
    }

    internal static class ToolInfo
    {
        public static string Version { get; } =
            typeof(ToolInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

        public static string AnalyzerDirectory => Path.Combine(AppContext.BaseDirectory, "analyzers");
    }
}
