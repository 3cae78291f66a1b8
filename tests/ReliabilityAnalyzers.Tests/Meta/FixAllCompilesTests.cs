using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ReliabilityAnalyzers.Tests.Meta
{
    /// <summary>
    /// Fix All, the way <c>dotnet format</c> runs it, for every fixer in the code-fix assembly (found by reflection) over the
    /// sample service and over every fixer test's input: the equivalence key of the first action offered for the first
    /// diagnostic is applied to all diagnostics of the rule at once. The result must compile with no compiler warning or
    /// error that was not there before, and the pass must be complete: no diagnostic of the rule may still be offered a fix
    /// (a second <c>dotnet format</c> run would change the code again).
    /// </summary>
    public class FixAllCompilesTests
    {
        private static readonly Type[] FixerTypes = typeof(REL101EmptyCatchCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();

        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(REL101EmptyCatchAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        // The implicit usings of Microsoft.NET.Sdk.Web, which the sample enables.
        private const string WebGlobalUsings = """
            global using global::System;
            global using global::System.Collections.Generic;
            global using global::System.IO;
            global using global::System.Linq;
            global using global::System.Net.Http;
            global using global::System.Net.Http.Json;
            global using global::System.Threading;
            global using global::System.Threading.Tasks;
            global using global::Microsoft.AspNetCore.Builder;
            global using global::Microsoft.AspNetCore.Hosting;
            global using global::Microsoft.AspNetCore.Http;
            global using global::Microsoft.AspNetCore.Routing;
            global using global::Microsoft.Extensions.Configuration;
            global using global::Microsoft.Extensions.DependencyInjection;
            global using global::Microsoft.Extensions.Hosting;
            global using global::Microsoft.Extensions.Logging;
            """;

        private readonly ITestOutputHelper _output;

        private static int _applied;

        private static int Applied => Volatile.Read(ref _applied);

        public FixAllCompilesTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void EveryFixerIsCovered() => Assert.True(FixerTypes.Length >= 10, "fixers found by reflection: " + FixerTypes.Length);

        [Fact]
        public async Task FixAll_OnTheSample_AddsNoCompilerWarning_AndFinishesInOnePass()
        {
            string folder = Path.Combine(TestReferences.RepositoryRoot, "samples", "NotificationService");
            var sources = Directory.GetFiles(folder, "*.cs", SearchOption.TopDirectoryOnly)
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
                .ToList();
            sources.Add(("GlobalUsings.g.cs", WebGlobalUsings));

            // The sample's project file: NoWarn CS1998;CS4014.
            int start = Applied;
            List<string> failures = await CheckAsync("sample", sources, OutputKind.ConsoleApplication, "CS1998", "CS4014");
            _output.WriteLine($"{Applied - start} Fix All passes applied to the sample");
            Assert.True(Applied - start >= 5, "the sample should exercise several fixers");
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }

        [Fact]
        public async Task FixAll_OnEveryFixerTestInput_AddsNoCompilerWarning_AndFinishesInOnePass()
        {
            List<(string Name, string Source)> inputs = FixerTestInputs().ToList();
            Assert.True(inputs.Count >= 20, "fixer test inputs found: " + inputs.Count);

            var failures = new List<string>();
            foreach ((string name, string source) in inputs)
            {
                failures.AddRange(await CheckAsync(name, new[] { ("Test0.cs", source) }, OutputKind.DynamicallyLinkedLibrary));
            }

            _output.WriteLine($"{inputs.Count} inputs checked, {Applied} Fix All passes applied");
            Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        }

        /// <summary>The source of every code-fix test in the test project: the first argument of VerifyFix.VerifyAsync, or the TestCode of a VerifyFix.Test.</summary>
        private static IEnumerable<(string Name, string Source)> FixerTestInputs()
        {
            string root = Path.Combine(TestReferences.RepositoryRoot, "tests", "ReliabilityAnalyzers.Tests");
            foreach (string file in Directory.GetFiles(root, "REL*Tests.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                SyntaxNode tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
                foreach (MethodDeclarationSyntax method in tree.DescendantNodes().OfType<MethodDeclarationSyntax>())
                {
                    int index = 0;
                    foreach (SyntaxNode node in method.DescendantNodes())
                    {
                        ExpressionSyntax? input = node switch
                        {
                            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "VerifyAsync", Expression: IdentifierNameSyntax { Identifier.ValueText: "VerifyFix" } } } call
                                when call.ArgumentList.Arguments.Count >= 2 => call.ArgumentList.Arguments[0].Expression,
                            AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "TestCode" }, Parent: InitializerExpressionSyntax { Parent: ObjectCreationExpressionSyntax creation } } assignment
                                when creation.Type.ToString().StartsWith("VerifyFix", StringComparison.Ordinal) => assignment.Right,
                            _ => null,
                        };

                        string? text = input is null ? null : Resolve(input, method);
                        if (text != null)
                        {
                            yield return ($"{Path.GetFileNameWithoutExtension(file)}.{method.Identifier.ValueText}#{index++}", StripMarkup(text));
                        }
                    }
                }
            }
        }

        private static string? Resolve(ExpressionSyntax expression, MethodDeclarationSyntax method)
        {
            if (expression is LiteralExpressionSyntax literal && literal.Token.Value is string value)
            {
                return value;
            }

            if (expression is IdentifierNameSyntax identifier)
            {
                foreach (VariableDeclaratorSyntax declarator in method.DescendantNodes().OfType<VariableDeclaratorSyntax>())
                {
                    if (declarator.Identifier.ValueText == identifier.Identifier.ValueText && declarator.Initializer?.Value is LiteralExpressionSyntax local && local.Token.Value is string text)
                    {
                        return text;
                    }
                }
            }

            return null;
        }

        private static string StripMarkup(string source)
        {
            // {|#0:text|}, {|REL101:text|}, [|text|]
            string text = Regex.Replace(source, @"\{\|[^:|{}]*:", string.Empty);
            return text.Replace("|}", string.Empty).Replace("[|", string.Empty).Replace("|]", string.Empty);
        }

        private static async Task<List<string>> CheckAsync(string name, IEnumerable<(string Path, string Text)> sources, OutputKind kind, params string[] noWarn)
        {
            using var workspace = new AdhocWorkspace();
            var options = new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(noWarn.Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Suppress)));
            ProjectInfo info = ProjectInfo.Create(
                    ProjectId.CreateNewId(), VersionStamp.Create(), "Input", "Input", LanguageNames.CSharp,
                    compilationOptions: options,
                    parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                    metadataReferences: TestReferences.References);
            Project project = workspace.AddProject(info);
            foreach ((string path, string text) in sources)
            {
                project = project.AddDocument(path, SourceText.From(text, Encoding.UTF8), filePath: "/input/" + path).Project;
            }

            Compilation compilation = (await project.GetCompilationAsync())!;
            Dictionary<string, int> before = CompilerProblems(compilation);
            ImmutableArray<Diagnostic> diagnostics = await AnalyzerDiagnosticsAsync(compilation, project);

            var failures = new List<string>();
            foreach (Type type in FixerTypes)
            {
                var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
                foreach (string id in fixer.FixableDiagnosticIds)
                {
                    List<Diagnostic> ofId = diagnostics.Where(d => d.Id == id && d.Location.IsInSource).ToList();
                    (CodeAction? first, Document? document) = await FirstActionAsync(fixer, project, ofId);
                    if (first is null || document is null)
                    {
                        continue;
                    }

                    // Every other action offered anywhere must compile cleanly too, when a user picks it for Fix All.
                    foreach (string? key in await AllKeysAsync(fixer, project, ofId))
                    {
                        if (key != first.EquivalenceKey)
                        {
                            await FixAllAsync(name, type, fixer, project, document, id, key, ofId, before, failures);
                        }
                    }

                    Compilation? fixedCompilation = await FixAllAsync(name, type, fixer, project, document, id, first.EquivalenceKey, ofId, before, failures);
                    if (fixedCompilation is null)
                    {
                        continue;
                    }

                    // One pass: nothing of this rule is still fixable afterwards.
                    Fixed.TryGetValue(fixedCompilation, out Project? fixedProject);
                    fixedProject ??= project;
                    ImmutableArray<Diagnostic> after = await AnalyzerDiagnosticsAsync(fixedCompilation, fixedProject);
                    List<Diagnostic> left = after.Where(d => d.Id == id && d.Location.IsInSource).ToList();
                    (CodeAction? again, _) = await FirstActionAsync(fixer, fixedProject, left);
                    if (again != null)
                    {
                        failures.Add($"{name}: Fix All '{first.EquivalenceKey}' of {type.Name} leaves {id} fixable by '{again.EquivalenceKey}' ({left.Count} left): a second dotnet format pass would change the code again");
                    }
                }
            }

            return failures;
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Project> Fixed = new System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, Project>();

        private static async Task<Compilation?> FixAllAsync(
            string name, Type type, CodeFixProvider fixer, Project project, Document document, string id, string? key, List<Diagnostic> ofId,
            Dictionary<string, int> before, List<string> failures)
        {
            var context = new FixAllContext(document, fixer, FixAllScope.Solution, key, new[] { id }, new Provider(ofId), CancellationToken.None);
            CodeAction? fixAll = fixer.GetFixAllProvider() is { } provider ? await provider.GetFixAsync(context) : null;
            if (fixAll is null)
            {
                failures.Add($"{name}: {type.Name} offers '{key}' but Fix All produced nothing");
                return null;
            }

            Interlocked.Increment(ref _applied);
            Solution changed = (await fixAll.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
            Project fixedProject = changed.GetProject(project.Id)!;
            Compilation fixedCompilation = (await fixedProject.GetCompilationAsync())!;
            Fixed.AddOrUpdate(fixedCompilation, fixedProject);
            foreach (KeyValuePair<string, int> problem in CompilerProblems(fixedCompilation))
            {
                before.TryGetValue(problem.Key, out int was);
                if (problem.Value > was)
                {
                    string example = fixedCompilation.GetDiagnostics().First(d => d.Id == problem.Key && d.Severity >= DiagnosticSeverity.Warning).ToString();
                    failures.Add($"{name}: Fix All '{key}' of {type.Name} adds {problem.Key} ({was} -> {problem.Value}): {example}");
                }
            }

            return fixedCompilation;
        }

        private static async Task<List<string?>> AllKeysAsync(CodeFixProvider fixer, Project project, List<Diagnostic> diagnostics)
        {
            var keys = new List<string?>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                Document? document = project.GetDocument(diagnostic.Location.SourceTree);
                if (document is null)
                {
                    continue;
                }

                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                foreach (CodeAction action in actions)
                {
                    if (!keys.Contains(action.EquivalenceKey))
                    {
                        keys.Add(action.EquivalenceKey);
                    }
                }
            }

            return keys;
        }

        private static async Task<(CodeAction? Action, Document? Document)> FirstActionAsync(CodeFixProvider fixer, Project project, List<Diagnostic> diagnostics)
        {
            foreach (Diagnostic diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
            {
                Document? document = project.GetDocument(diagnostic.Location.SourceTree);
                if (document is null)
                {
                    continue;
                }

                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                if (actions.Count > 0)
                {
                    return (actions[0], document);
                }
            }

            return (null, null);
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzerDiagnosticsAsync(Compilation compilation, Project project) =>
            await compilation.WithAnalyzers(Analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(CancellationToken.None);

        private static Dictionary<string, int> CompilerProblems(Compilation compilation) =>
            compilation.GetDiagnostics()
                .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
                .GroupBy(d => d.Id)
                .ToDictionary(g => g.Key, g => g.Count());

        private sealed class Provider : FixAllContext.DiagnosticProvider
        {
            private readonly List<Diagnostic> _diagnostics;

            public Provider(List<Diagnostic> diagnostics)
            {
                _diagnostics = diagnostics;
            }

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            {
                SyntaxTree? tree = await document.GetSyntaxTreeAsync(cancellationToken);
                return _diagnostics.Where(d => d.Location.SourceTree == tree).ToList();
            }

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult(Enumerable.Empty<Diagnostic>());
        }
    }
}
