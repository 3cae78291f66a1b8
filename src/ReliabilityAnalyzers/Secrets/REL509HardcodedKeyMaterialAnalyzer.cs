using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>
    /// REL509 (audit level): key material in source — <c>Encoding.*.GetBytes("…")</c>, <c>Convert.FromBase64String("…")</c>,
    /// <c>Convert.FromHexString("…")</c> or a byte-array literal bound to a key-named member or passed as a key
    /// (<c>new SymmetricSecurityKey(…)</c>, <c>new HMACSHA256(…)</c>, <c>aes.Key = …</c>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL509HardcodedKeyMaterialAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Report in test projects too (off by default).</summary>
        public const string IncludeTestsOption = "include_tests";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.HardcodedKeyMaterial,
            title: "Hard-coded key material",
            messageFormat: "Key material for {0} is hard-coded ({1}). " +
                           "Anyone with the code or the assembly can sign, decrypt or forge what this key protects, in every deployment. " +
                           "Load the key from configuration, a key vault or the data-protection key ring.",
            description: "Encoding.*.GetBytes(\"…\"), Convert.FromBase64String(\"…\"), Convert.FromHexString(\"…\") or a byte-array literal of 8 or " +
                         "more constant bytes, bound to a member or parameter named like a key or secret (signing key, encryption key, " +
                         "secret, key) or passed as the key of a cryptographic API. Public keys, cache/lookup keys, empty and single-byte " +
                         "patterns are not reported.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                bool testProject = SecretBinding.IsTestProject(start.Compilation);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, testProject), OperationKind.Invocation);
                start.RegisterOperationAction(c => AnalyzeArray(c, testProject), OperationKind.ArrayCreation);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, bool testProject)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            string kind;
            if (method.Name == "GetBytes" && IsEncoding(method.ContainingType))
            {
                kind = "characters";
            }
            else if ((method.Name == "FromBase64String" || method.Name == "FromHexString") && method.ContainingType?.Name == "Convert")
            {
                kind = method.Name == "FromBase64String" ? "base64 characters" : "hex characters";
            }
            else
            {
                return;
            }

            if (invocation.Arguments.Length != 1 || !(invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string value })
                || value.Trim().Length < 4 || (SecretDetection.IsPlaceholder(value) && !SecretDetection.IsSelfDescribedSecret(value)))
            {
                return;
            }

            IOperation argument = Operations.Unwrap(invocation.Arguments[0].Value);
            if (argument.Kind != OperationKind.Literal && argument.Kind != OperationKind.InterpolatedString && argument.Kind != OperationKind.Binary)
            {
                return; // GetBytes(JwtSecret): the named constant is REL502's finding
            }

            Report(context, invocation, value.Length + " " + kind, testProject);
        }

        private static void AnalyzeArray(OperationAnalysisContext context, bool testProject)
        {
            var array = (IArrayCreationOperation)context.Operation;
            if (array.Initializer is null || !(array.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }))
            {
                return;
            }

            ImmutableArray<IOperation> elements = array.Initializer.ElementValues;
            if (elements.Length < 8)
            {
                return;
            }

            object? first = null;
            bool allSame = true;
            foreach (IOperation element in elements)
            {
                if (!element.ConstantValue.HasValue)
                {
                    return;
                }

                first ??= element.ConstantValue.Value;
                allSame &= Equals(first, element.ConstantValue.Value);
            }

            // An 8-byte "token" is an assembly's public key token (mscorlibToken = { 183, 122, ... }), a public identifier;
            // no bearer token or key is that short.
            if (!allSame && !(elements.Length < 16 && IsTokenOnlyName(SecretBinding.BindingName(array, context.ContainingSymbol))))
            {
                Report(context, array, elements.Length + "-byte array", testProject);
            }
        }

        private static void Report(OperationAnalysisContext context, IOperation material, string what, bool testProject)
        {
            string? name = KeyName(material, context.ContainingSymbol);
            if (name is null)
            {
                return;
            }

            if (testProject && !RuleOptions.GetBool(context.Options, material.Syntax.SyntaxTree, RuleIds.HardcodedKeyMaterial, IncludeTestsOption, false))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, material.Syntax.GetLocation(), SecretBinding.Properties("key material", name), "'" + name + "'", what));
        }

        private static bool IsTokenOnlyName(string? name)
        {
            if (name is null)
            {
                return false;
            }

            bool token = false;
            foreach (string word in NameWords.Split(name))
            {
                if (word == "key" || word == "secret" || word == "password" || word == "apikey")
                {
                    return false;
                }

                token |= word == "token";
            }

            return token;
        }

        /// <summary>The key-named member, parameter or crypto API the bytes go to, or null.</summary>
        private static string? KeyName(IOperation material, ISymbol containingSymbol)
        {
            string? name = SecretBinding.BindingName(material, containingSymbol);
            if (name is null)
            {
                return null;
            }

            if (SecretDetection.IsCredentialName(name))
            {
                return name;
            }

            // A bare "key" (rgbKey, keyBytes, aesKey, Key): a key unless qualified as a lookup or public key.
            bool key = false;
            foreach (string word in NameWords.Split(name))
            {
                if (word == "public" || word == "cache" || word == "id" || word == "name" || word == "lookup" || word == "dictionary"
                    || word == "partition" || word == "row" || word == "routing" || word == "primary" || word == "foreign" || word == "hash"
                    || word == "salt" || word == "iv" || word == "nonce" || word == "header" || word == "prefix")
                {
                    return null;
                }

                key |= word == "key" || word == "rgbkey" || word == "secret" || word == "hmackey" || word == "aeskey" || word == "pepper";
            }

            return key ? name : null;
        }

        private static bool IsEncoding(ITypeSymbol? type)
        {
            for (ITypeSymbol? t = type; t != null; t = t.BaseType)
            {
                if (t.Name == "Encoding" && t.ContainingNamespace?.ToDisplayString() == "System.Text")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
