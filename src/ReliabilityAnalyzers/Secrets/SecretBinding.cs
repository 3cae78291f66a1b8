using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>Where a constant string goes: the outermost constant expression and the symbol or key it is bound to.</summary>
    internal static class SecretBinding
    {
        public const string KindProperty = "Kind";
        public const string NameProperty = "Name";

        /// <summary>
        /// The operation kinds a constant-string rule registers for. Binary is needed for constants joined with no literal
        /// in the expression (Scheme + Host); for every other binary operator the first test returns at once.
        /// </summary>
        public static readonly ImmutableArray<OperationKind> ConstantStringKinds =
            ImmutableArray.Create(OperationKind.Literal, OperationKind.InterpolatedString, OperationKind.Binary);

        /// <summary>
        /// The constant string to analyse for a literal or constant interpolation, and the expression that carries it
        /// (<paramref name="target"/>): the outermost constant concatenation or interpolation around it. Each constant
        /// expression is analysed once, from its first string literal (or, with none, from the outermost expression itself).
        /// </summary>
        public static string? ConstantStringToAnalyze(IOperation operation, out IOperation target)
        {
            target = operation;

            // Numbers, booleans, nulls and comparisons are most of the operations of these kinds: rule them out by type
            // before the constant value is read.
            if (operation.Kind != OperationKind.InterpolatedString && operation.Type?.SpecialType != SpecialType.System_String)
            {
                return null;
            }

            if (!(operation.ConstantValue is { HasValue: true, Value: string }))
            {
                return null;
            }

            IOperation root = operation;
            for (IOperation? parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                OperationKind kind = parent.Kind;
                if (kind == OperationKind.Conversion || kind == OperationKind.InterpolatedStringText || kind == OperationKind.Interpolation)
                {
                    continue;
                }

                if ((kind == OperationKind.Binary || kind == OperationKind.InterpolatedString)
                    && parent.ConstantValue is { HasValue: true, Value: string })
                {
                    root = parent;
                    continue;
                }

                break;
            }

            IOperation? first = root.Kind == OperationKind.Literal ? root : FirstStringLiteral(root);
            if (first != null ? first != operation : operation != root)
            {
                return null; // another operation of the same constant expression triggers it
            }

            target = root;
            return (string)root.ConstantValue.Value!;
        }

        private static IOperation? FirstStringLiteral(IOperation root)
        {
            foreach (IOperation descendant in root.Descendants())
            {
                if (descendant.Kind == OperationKind.Literal && descendant.ConstantValue is { HasValue: true, Value: string })
                {
                    return descendant;
                }
            }

            return null;
        }

        private static IOperation SkipConversionsUp(IOperation operation)
        {
            IOperation current = operation;
            while (current.Parent is IConversionOperation conversion)
            {
                current = conversion;
            }

            return current;
        }

        /// <summary>The name the value is bound to (symbol, parameter, dictionary key, configuration key), or null.</summary>
        public static string? BindingName(IOperation expression, ISymbol containingSymbol)
        {
            IOperation e = SkipConversionsUp(expression);
            IOperation? parent = e.Parent;
            switch (parent)
            {
                case IVariableInitializerOperation init when init.Parent is IVariableDeclaratorOperation declarator:
                    return declarator.Symbol.Name;
                case IFieldInitializerOperation field when field.InitializedFields.Length > 0:
                    return field.InitializedFields[0].Name;
                case IPropertyInitializerOperation property when property.InitializedProperties.Length > 0:
                    return property.InitializedProperties[0].Name;
                case IParameterInitializerOperation parameter:
                    return parameter.Parameter.Name;
                case ISimpleAssignmentOperation assignment when assignment.Value == e:
                    return TargetName(assignment.Target);
                case IArgumentOperation argument when argument.Parameter != null:
                    return ArgumentName(argument);
                case ICoalesceOperation coalesce when coalesce.WhenNull == e:
                    return SourceName(coalesce.Value) ?? BindingName(coalesce, containingSymbol);
                case IReturnOperation when containingSymbol is IMethodSymbol { AssociatedSymbol: IPropertySymbol property }:
                    return property.Name;
                default:
                    return null;
            }
        }

        private static string? TargetName(IOperation target)
        {
            switch (target)
            {
                case ILocalReferenceOperation local:
                    return local.Local.Name;
                case IFieldReferenceOperation field:
                    return field.Field.Name;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter.Name;
                case IPropertyReferenceOperation property:
                    if (property.Property.IsIndexer)
                    {
                        return property.Arguments.Length == 1 && property.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key } ? key : null;
                    }

                    return property.Property.Name;
                default:
                    return null;
            }
        }

        private static string? ArgumentName(IArgumentOperation argument)
        {
            IParameterSymbol parameter = argument.Parameter!;
            if (parameter.Ordinal == 1 && argument.Parent is IInvocationOperation invocation && invocation.Arguments.Length >= 2)
            {
                string method = invocation.TargetMethod.Name;
                if (method.StartsWith("Add", StringComparison.Ordinal) || method.StartsWith("TryAdd", StringComparison.Ordinal)
                    || method.StartsWith("Set", StringComparison.Ordinal) || method.StartsWith("With", StringComparison.Ordinal)
                    || method.StartsWith("Append", StringComparison.Ordinal) || method.StartsWith("Insert", StringComparison.Ordinal)
                    || method.StartsWith("Put", StringComparison.Ordinal))
                {
                    foreach (IArgumentOperation other in invocation.Arguments)
                    {
                        if (other.Parameter?.Ordinal == 0)
                        {
                            return other.Value.ConstantValue is { HasValue: true, Value: string key } ? key : parameter.Name;
                        }
                    }
                }
            }

            return parameter.Name;
        }

        private static string? SourceName(IOperation source)
        {
            while (source is IConversionOperation conversion)
            {
                source = conversion.Operand;
            }

            switch (source)
            {
                case IInvocationOperation invocation:
                    foreach (IArgumentOperation argument in invocation.Arguments)
                    {
                        if (argument.Value.ConstantValue is { HasValue: true, Value: string key })
                        {
                            return key;
                        }
                    }

                    return null;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                    return indexer.Arguments.Length == 1 && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string k } ? k : null;
                default:
                    return TargetName(source);
            }
        }

        /// <summary>
        /// The attribute whose argument holds <paramref name="node"/>, or null. Same answer as
        /// <c>FirstAncestorOrSelf&lt;AttributeSyntax&gt;()</c>, but stops at the enclosing member declaration (no member declaration
        /// ever sits inside an attribute, so none lies between an attribute argument and its attribute): most constants
        /// are in member bodies, far from the root.
        /// </summary>
        public static AttributeSyntax? EnclosingAttribute(SyntaxNode node)
        {
            for (SyntaxNode? current = node; current != null; current = current.Parent)
            {
                if (current is AttributeSyntax attribute)
                {
                    return attribute;
                }

                if (current is MemberDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// True when a constant is text shown to a person rather than a value a program uses: an exception message, an
        /// argument of a logging, console, debug or trace write, or an argument of a description / help / usage / display
        /// / example / obsolete attribute (command-line option help, API docs).
        /// </summary>
        public static bool IsMessageText(IOperation target)
        {
            AttributeSyntax? attribute = EnclosingAttribute(target.Syntax);
            if (attribute != null)
            {
                string name = attribute.Name.ToString();
                foreach (string word in MessageAttributeWords)
                {
                    if (name.IndexOf(word, StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }

                return false;
            }

            IOperation e = SkipConversionsUp(target);
            if (!(e.Parent is IArgumentOperation argument))
            {
                return false;
            }

            switch (argument.Parent)
            {
                case IObjectCreationOperation creation:
                    for (ITypeSymbol? t = creation.Type; t != null; t = t.BaseType)
                    {
                        if (t.Name == "Exception" && t.ContainingNamespace?.ToDisplayString() == "System")
                        {
                            return true;
                        }
                    }

                    return false;
                case IInvocationOperation invocation:
                    IMethodSymbol method = invocation.TargetMethod;
                    string type = method.ContainingType?.Name ?? "";
                    return method.Name.StartsWith("Log", StringComparison.Ordinal) || type == "Console" || type == "Debug" || type == "Trace"
                        || type.IndexOf("Logger", StringComparison.Ordinal) >= 0 || type == "TextWriter" || type == "Log"
                        || method.Name == "Write" || method.Name == "WriteLine" || method.Name == "Fail" || method.Name == "Throw";
                default:
                    return false;
            }
        }

        private static readonly string[] MessageAttributeWords =
        {
            "Description", "Display", "Help", "Usage", "Example", "Summary", "Obsolete", "Option", "Argument", "Verb", "Command", "Remarks",
        };

        /// <summary>
        /// A comment on the literal's line or the line above it carries another secret scanner's reviewed-exception marker
        /// (CredScan's <c>SuppressMessage("Microsoft.Security", "CS002:SecretInNextLine", Justification = ...)</c>,
        /// <c>gitleaks:allow</c>, detect-secrets' <c>pragma: allowlist secret</c>, <c>trufflehog:ignore</c>, a bare
        /// <c>NOSONAR</c> or one naming Sonar's S2068 / S6418): the team has reviewed the value as not a secret (an OAuth client secret
        /// of a public desktop client, a fake password of a self-test; phase 22). The line above counts when it is a comment
        /// line of its own. Line text only, no tree walk.
        /// </summary>
        public static bool HasSecretScannerAllowMarker(SyntaxNode node) => CommentsAt(node, linesAbove: 1, HasAllowMarker);

        /// <summary>
        /// The author says, in a comment on the line or in the comment lines right above it, why the value is no secret:
        /// "a well-known constant used by the API, not a user-specific secret", "public client secrets are permitted to be
        /// public" (phase 26: a music client's fixed Blowfish key). A comment that only names the value ("// API key") is
        /// no reason.
        /// </summary>
        public static bool HasNotASecretComment(SyntaxNode node) => CommentsAt(node, linesAbove: 3, GivesNotASecretReason);

        /// <summary>
        /// A comment on the node's line, or in the block of comment lines of their own right above it (up to
        /// <paramref name="linesAbove"/>; another statement's trailing comment does not count), that the test accepts.
        /// Line text only, no tree walk.
        /// </summary>
        private static bool CommentsAt(SyntaxNode node, int linesAbove, System.Func<string, bool> test)
        {
            SourceText text = node.SyntaxTree.GetText();
            int line = text.Lines.GetLineFromPosition(node.SpanStart).LineNumber;
            for (int current = line; current >= 0 && current >= line - linesAbove; current--)
            {
                string content = text.Lines[current].ToString();
                int comment = content.IndexOf("//", System.StringComparison.Ordinal);
                if (comment < 0)
                {
                    comment = content.IndexOf("/*", System.StringComparison.Ordinal);
                }

                if (current != line && !(comment >= 0 && content.Substring(0, comment).Trim().Length == 0))
                {
                    return false; // the comment block above has ended
                }

                if (comment >= 0 && test(content.Substring(comment)))
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly string[] NotASecretReasons =
        {
            "not a secret", "not secret", "not a user-specific secret", "not sensitive", "publicly known", "well-known constant",
            "well known constant", "public constant", "permitted to be public", "allowed to be public", "intentionally public",
            "publicly documented", "published key", "documented default",
        };

        private static bool GivesNotASecretReason(string comment)
        {
            foreach (string reason in NotASecretReasons)
            {
                if (comment.IndexOf(reason, System.StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        // Markers that only secret scanners read. Sonar's NOSONAR silences any rule, so it counts only bare or naming
        // Sonar's hard-coded credential / secret rules (S2068, S6418).
        private static readonly string[] AllowMarkers = { "SecretInline", "SecretInNextLine", "gitleaks:allow", "allowlist secret", "trufflehog:ignore" };

        private static bool HasAllowMarker(string comment)
        {
            foreach (string marker in AllowMarkers)
            {
                if (comment.IndexOf(marker, System.StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            int sonar = comment.IndexOf("NOSONAR", System.StringComparison.Ordinal);
            if (sonar < 0)
            {
                return false;
            }

            string rest = comment.Substring(sonar + "NOSONAR".Length).Trim().TrimEnd('/', '*').Trim();
            return rest.Length == 0 || rest.IndexOf("S2068", System.StringComparison.Ordinal) >= 0 || rest.IndexOf("S6418", System.StringComparison.Ordinal) >= 0;
        }

        /// <summary>True when the compilation references the xunit, NUnit or MSTest framework core.</summary>
        public static bool IsTestProject(Compilation compilation)
        {
            foreach (AssemblyIdentity identity in compilation.ReferencedAssemblyNames)
            {
                string name = identity.Name;
                // The framework cores, not helper libraries: production code may reference xunit.assert or abstractions.
                if (string.Equals(name, "xunit.core", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, "xunit.v3.core", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, "nunit.framework", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(name, "Microsoft.VisualStudio.TestPlatform.TestFramework", StringComparison.Ordinal)
                    || string.Equals(name, "MSTest.TestFramework", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        public static ImmutableDictionary<string, string?> Properties(string kind, string? name) =>
            ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind).Add(NameProperty, name);

        public static string Where(string? name) => name is null ? "a string literal" : "'" + name + "'";
    }
}
