using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>
    /// REL508 (audit level): an incoming password, token or key compared with a literal — <c>password == "…"</c>,
    /// <c>token.Equals("…")</c>, <c>string.Equals(apiKey, "…")</c>, <c>apiKey is "…"</c>: a hard-coded credential that works in
    /// every deployment (a back door).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL508HardcodedCredentialComparisonAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Report in test projects too (off by default).</summary>
        public const string IncludeTestsOption = "include_tests";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.HardcodedCredentialComparison,
            title: "Credential compared with a hard-coded value",
            messageFormat: "'{0}' is compared with a hard-coded {1}-character value. " +
                           "A credential accepted by code is a back door that works in every deployment and cannot be revoked. " +
                           "Compare with a secret from configuration or a secret store, in constant time.",
            description: "A credential-named variable, parameter, field, property or header value compared with a string literal through ==, !=, " +
                         "Equals, string.Equals, a StringComparer or an 'is' pattern. Empty strings, placeholders, null-like words and " +
                         "authentication scheme names (Bearer, Basic) are not reported.",
            defaultSeverity: DiagnosticSeverity.Info);

        private static readonly string[] SchemeWords = { "bearer", "basic", "digest", "negotiate", "ntlm", "apikey", "token", "jwt" };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                bool testProject = SecretBinding.IsTestProject(start.Compilation);
                start.RegisterOperationAction(c => AnalyzeBinary(c, testProject), OperationKind.Binary);
                start.RegisterOperationAction(c => AnalyzeIsPattern(c, testProject), OperationKind.IsPattern);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, testProject), OperationKind.Invocation);
                start.RegisterOperationAction(c => AnalyzeCaseClause(c, testProject), OperationKind.CaseClause);
                start.RegisterOperationAction(c => AnalyzeSwitchArm(c, testProject), OperationKind.SwitchExpressionArm);
            });
        }

        private static void AnalyzeBinary(OperationAnalysisContext context, bool testProject)
        {
            var binary = (IBinaryOperation)context.Operation;
            if (binary.OperatorKind != BinaryOperatorKind.Equals && binary.OperatorKind != BinaryOperatorKind.NotEquals)
            {
                return;
            }

            Check(context, binary.LeftOperand, binary.RightOperand, testProject);
        }

        private static void AnalyzeIsPattern(OperationAnalysisContext context, bool testProject)
        {
            var isPattern = (IIsPatternOperation)context.Operation;
            if (isPattern.Pattern is IConstantPatternOperation constant)
            {
                Check(context, isPattern.Value, constant.Value, testProject);
            }
        }

        /// <summary>switch (password) { case "…": … }</summary>
        private static void AnalyzeCaseClause(OperationAnalysisContext context, bool testProject)
        {
            if (context.Operation is ISingleValueCaseClauseOperation clause && clause.Parent?.Parent is ISwitchOperation switchOperation)
            {
                Check(context, switchOperation.Value, clause.Value, testProject);
            }
            else if (context.Operation is IPatternCaseClauseOperation { Pattern: IConstantPatternOperation constant } patternClause
                && patternClause.Parent?.Parent is ISwitchOperation patternSwitch)
            {
                Check(context, patternSwitch.Value, constant.Value, testProject);
            }
        }

        /// <summary>password switch { "…" => true, _ => false }</summary>
        private static void AnalyzeSwitchArm(OperationAnalysisContext context, bool testProject)
        {
            var arm = (ISwitchExpressionArmOperation)context.Operation;
            if (arm.Pattern is IConstantPatternOperation constant && arm.Parent is ISwitchExpressionOperation switchExpression)
            {
                Check(context, switchExpression.Value, constant.Value, testProject);
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, bool testProject)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name == "FixedTimeEquals" && invocation.Arguments.Length == 2)
            {
                // CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes("…"))
                IOperation? first = EncodedString(invocation.Arguments[0].Value);
                IOperation? second = EncodedString(invocation.Arguments[1].Value);
                if (first != null && second != null)
                {
                    Check(context, first, second, testProject);
                }

                return;
            }

            if (invocation.TargetMethod.Name != "Equals")
            {
                return;
            }

            if (invocation.Instance != null && invocation.Arguments.Length >= 1
                && invocation.Instance.Type?.SpecialType == SpecialType.System_String)
            {
                Check(context, invocation.Instance, invocation.Arguments[0].Value, testProject);
            }
            else if (invocation.Arguments.Length >= 2
                && (invocation.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String
                    || invocation.TargetMethod.ContainingType?.Name == "StringComparer"))
            {
                Check(context, invocation.Arguments[0].Value, invocation.Arguments[1].Value, testProject);
            }
        }

        private static void Check(OperationAnalysisContext context, IOperation a, IOperation b, bool testProject)
        {
            IOperation left = Operations.Unwrap(a);
            IOperation right = Operations.Unwrap(b);
            if (IsStringConstant(left) && !IsStringConstant(right))
            {
                (left, right) = (right, left);
            }

            if (IsStringConstant(left) || !IsStringConstant(right))
            {
                return;
            }

            string value = (string)right.ConstantValue.Value!;
            string? name = ReferenceName(left);
            if (name is null || !SecretDetection.IsCredentialName(name) || !IsCredentialValue(value, name))
            {
                return;
            }

            if (testProject && !RuleOptions.GetBool(context.Options, right.Syntax.SyntaxTree, RuleIds.HardcodedCredentialComparison, IncludeTestsOption, false))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, right.Syntax.GetLocation(), SecretBinding.Properties("comparison", name), name, value.Length));
        }

        /// <summary>The string inside Encoding.*.GetBytes(s) (through span conversions), or null.</summary>
        private static IOperation? EncodedString(IOperation operation)
        {
            IOperation value = Operations.Unwrap(operation);
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value is IInvocationOperation { TargetMethod.Name: "GetBytes", Arguments.Length: 1 } getBytes
                && getBytes.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String
                ? getBytes.Arguments[0].Value
                : null;
        }

        private static bool IsStringConstant(IOperation operation) => operation.ConstantValue is { HasValue: true, Value: string };

        private static bool IsCredentialValue(string value, string name)
        {
            string v = value.Trim();
            if (v.Length < 3 || (SecretDetection.IsPlaceholder(v) && !SecretDetection.IsSelfDescribedSecret(v)) || Array.IndexOf(SchemeWords, v.ToLowerInvariant()) >= 0)
            {
                return false;
            }

            bool letterOrDigit = false;
            foreach (char c in v)
            {
                letterOrDigit |= char.IsLetterOrDigit(c);
            }

            if (!letterOrDigit)
            {
                return false; // punctuation markers ("`''") compared with a protocol field, not a credential
            }

            foreach (string word in NameWords.Split(name))
            {
                if (v.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0 && v.Length <= word.Length + 2)
                {
                    return false; // password == "password": a label check, not a credential
                }
            }

            return true;
        }

        /// <summary>
        /// The name of what is compared: a local, parameter, field, property, a header/indexer key, or the key of the
        /// lookup a value came from. A local whose own name is not credential-like is followed (one step) to where it
        /// was filled: the out argument of a <c>TryGet*</c> lookup with a constant key
        /// (<c>headers.TryGetValue("X-Api-Key", out var v)</c>), or its initializer
        /// (<c>var provided = request.Headers["X-Api-Key"].FirstOrDefault()</c>). Only called on the rare comparisons
        /// with a string literal.
        /// </summary>
        private static string? ReferenceName(IOperation operation, int depth = 0)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    string name = local.Local.Name;
                    return depth == 0 && !SecretDetection.IsCredentialName(name) ? LocalOrigin(local) ?? name : name;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.Name;
                case IFieldReferenceOperation field when !field.Field.IsConst:
                    return field.Field.Name;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                    return indexer.Arguments.Length == 1 && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } ? key : null;
                case IPropertyReferenceOperation { Property.Name: "Value", Instance: IInvocationOperation lookup }:
                    return LookupKey(lookup); // user.FindFirst("api_key").Value
                case IPropertyReferenceOperation property:
                    return property.Property.Name;
                case IConditionalAccessOperation { WhenNotNull: IPropertyReferenceOperation { Property.Name: "Value" } } conditional:
                    return ReferenceName(Operations.Unwrap(conditional.Operation), depth); // user.FindFirst("api_key")?.Value
                case IInvocationOperation { TargetMethod.Name: "ToString" } toString when toString.Instance != null:
                    return ReferenceName(Operations.Unwrap(toString.Instance), depth);
                case IInvocationOperation { TargetMethod.Name: "FirstOrDefault" or "First" or "SingleOrDefault" or "Single", Arguments.Length: 1 } first
                    when first.Instance is null:
                    return ReferenceName(Operations.Unwrap(first.Arguments[0].Value), depth); // headers["X-Api-Key"].FirstOrDefault()
                case IInvocationOperation lookup:
                    return LookupKey(lookup); // user.FindFirstValue("api_key"), GetHeader("X-Api-Key")
                default:
                    return null;
            }
        }

        /// <summary>The constant key of a one-key lookup: <c>FindFirst("api_key")</c>, <c>GetHeader("X-Api-Key")</c>.</summary>
        private static string? LookupKey(IInvocationOperation lookup)
        {
            string method = lookup.TargetMethod.Name;
            if (!method.StartsWith("Find", StringComparison.Ordinal) && !method.StartsWith("Get", StringComparison.Ordinal))
            {
                return null;
            }

            string? key = null;
            foreach (IArgumentOperation argument in lookup.Arguments)
            {
                if (argument.Value.ConstantValue is { HasValue: true, Value: string constant })
                {
                    if (key != null)
                    {
                        return null; // two constants: not a plain keyed lookup
                    }

                    key = constant;
                }
            }

            return key;
        }

        /// <summary>Where a local that is not itself credential-named was filled (see <see cref="ReferenceName"/>).</summary>
        private static string? LocalOrigin(ILocalReferenceOperation local)
        {
            ImmutableArray<SyntaxReference> references = local.Local.DeclaringSyntaxReferences;
            SemanticModel? model = local.SemanticModel;
            if (references.Length != 1 || model is null || references[0].SyntaxTree != local.Syntax.SyntaxTree)
            {
                return null;
            }

            SyntaxNode declaration = references[0].GetSyntax();
            if (declaration is SingleVariableDesignationSyntax { Parent: DeclarationExpressionSyntax { Parent: ArgumentSyntax outArgument } }
                && outArgument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
                && outArgument.Parent?.Parent is InvocationExpressionSyntax call
                && NameOf(call.Expression)?.StartsWith("TryGet", StringComparison.Ordinal) == true)
            {
                // headers.TryGetValue("X-Api-Key", out var v): the value of the looked-up key.
                foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
                {
                    if (argument != outArgument && model.GetConstantValue(argument.Expression) is { HasValue: true, Value: string key })
                    {
                        return key;
                    }
                }

                return null;
            }

            // Bound only when the initializer mentions a credential-like key or member by name ('status == "active"' stays syntax-only).
            if (declaration is VariableDeclaratorSyntax { Initializer: { } initializer } && MentionsCredential(initializer.Value)
                && model.GetOperation(initializer.Value) is IOperation value)
            {
                return ReferenceName(Operations.Unwrap(value), depth: 1);
            }

            return null;
        }

        private static bool MentionsCredential(SyntaxNode node)
        {
            foreach (SyntaxToken token in node.DescendantTokens())
            {
                if ((token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.IdentifierToken)) && SecretDetection.IsCredentialName(token.ValueText))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? NameOf(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
