using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace ReliabilityAnalyzers.Tests.Infrastructure
{
    public sealed class ProcessResult
    {
        public ProcessResult(int exitCode, string output)
        {
            ExitCode = exitCode;
            Output = output;
        }

        public int ExitCode { get; }

        public string Output { get; }

        public override string ToString() => $"exit code {ExitCode}\n{Output}";
    }

    /// <summary>Runs the dotnet CLI the way a user would, isolated from the test host's MSBuild environment.</summary>
    internal static class ProcessRunner
    {
        public static ProcessResult Dotnet(string workingDirectory, IDictionary<string, string> environment, params string[] arguments)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            // The test host runs inside MSBuild/VSTest: do not let its variables steer the child build.
            foreach (string key in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "VSTEST_HOST_DEBUG" })
            {
                info.Environment.Remove(key);
            }

            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            foreach (KeyValuePair<string, string> pair in environment)
            {
                info.Environment[pair.Key] = pair.Value;
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet " + string.Join(" ", arguments) + " did not finish in 5 minutes:\n" + output);
            }

            process.WaitForExit();
            lock (output)
            {
                return new ProcessResult(process.ExitCode, output.ToString());
            }
        }
    }
}
