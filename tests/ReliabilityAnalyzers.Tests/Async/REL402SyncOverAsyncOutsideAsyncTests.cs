using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL402SyncOverAsyncOutsideAsyncAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL402SyncOverAsyncOutsideAsyncTests
    {
        private static DiagnosticResult Diagnostic(int location, string call, string where) =>
            new DiagnosticResult("REL402", DiagnosticSeverity.Info).WithLocation(location).WithArguments(call, where);

        [Fact]
        public Task ConstructorsDiFactoriesAndGetters_AreReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;
            class Settings
            {
                private readonly HttpClient _http = new HttpClient();
                private readonly string _body;
                public Settings() { _body = {|#0:_http.GetStringAsync("x").Result|}; }
                public string Remote => {|#1:_http.GetStringAsync("y").GetAwaiter().GetResult()|};
                public string Other { get { return {|#2:_http.GetStringAsync("z").Result|}; } }
                public static void Register(IServiceCollection services)
                {
                    services.AddSingleton<IConnectionMultiplexer>(_ => {|#3:ConnectionMultiplexer.ConnectAsync("localhost").Result|});
                }
            }
            """,
            Diagnostic(0, ".Result", "a constructor"),
            Diagnostic(1, ".GetAwaiter().GetResult()", "a property getter"),
            Diagnostic(2, ".Result", "a property getter"),
            Diagnostic(3, ".Result", "a dependency-injection factory"));

        [Fact]
        public Task MainTopLevelOrdinaryMethodsAndCompletedTasks_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Program
            {
                static void Main() { new HttpClient().GetStringAsync("x").Wait(); }
                void Method() { new HttpClient().GetStringAsync("x").Wait(); }
                int Value => Task.FromResult(1).Result;
                Program() { Action a = () => new HttpClient().GetStringAsync("x").Wait(); }
                void Local() { var list = new System.Collections.Generic.List<int>(); list.ForEach(i => Task.Delay(i).Wait()); }
            }
            """);

        [Fact]
        public Task TopLevelStatements_AreNotReported()
        {
            var test = Verify.Create("""
                using System.Net.Http;
                var text = new HttpClient().GetStringAsync("x").Result;
                System.Console.WriteLine(text);
                """);
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }
    }
}
