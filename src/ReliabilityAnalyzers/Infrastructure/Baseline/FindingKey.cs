using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ReliabilityAnalyzers.Infrastructure.Baseline
{
    /// <summary>
    /// The two halves of a baseline key that come from the code, computed from syntax only so the suppressor (inside the
    /// compiler) and the <c>reliability</c> tool (which parses the file itself) agree exactly:
    /// <list type="bullet">
    /// <item>the enclosing member, as a documentation-comment-style ID built from the declarations
    /// (<c>M:Ns.Type.Method(string,int)</c>, <c>P:Ns.Type.Name</c>, <c>F:Ns.Type.field</c>, <c>T:Ns.Type</c>), parameter types as
    /// written with whitespace removed;</item>
    /// <item>a fingerprint: 16 hex digits of a 64-bit FNV-1a hash of the finding's source text with all whitespace removed
    /// (string-literal contents replaced by their length for secret rules, so no secret is hashed into the file).</item>
    /// </list>
    /// Neither depends on line numbers, so lines inserted above, members moved and reformatting keep a finding matched.
    /// </summary>
    internal static class FindingKey
    {
        public const string TopLevelStatements = "M:<top-level-statements>";

        /// <summary>Secret rules (REL5xx) never hash literal contents.</summary>
        public static bool MasksLiterals(string ruleId) =>
            ruleId.Length == 6 && ruleId[3] == '5' && ruleId.StartsWith("REL", StringComparison.Ordinal);

        /// <summary>16 lower-case hex digits.</summary>
        public static string FormatFingerprint(ulong value)
        {
            const string digits = "0123456789abcdef";
            char[] chars = new char[16];
            for (int i = 15; i >= 0; i--)
            {
                chars[i] = digits[(int)(value & 0xF)];
                value >>= 4;
            }

            return new string(chars);
        }

        /// <summary>The value of 16 hex digits, or null.</summary>
        public static ulong? ParseFingerprint(string text)
        {
            if (text is null || text.Length != 16)
            {
                return null;
            }

            ulong value = 0;
            foreach (char c in text)
            {
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    return null;
                }

                value = (value << 4) | (uint)digit;
            }

            return value;
        }

        public static string Fingerprint(string ruleId, SourceText text, TextSpan span) =>
            FormatFingerprint(FingerprintValue(ruleId, text, span, null));

        /// <summary>The fingerprint as a number; <paramref name="buffer"/> (any length, may be null) is reused between calls.</summary>
        public static ulong FingerprintValue(string ruleId, SourceText text, TextSpan span, char[]? buffer)
        {
            if (span.End > text.Length)
            {
                span = TextSpan.FromBounds(Math.Min(span.Start, text.Length), text.Length);
            }

            if (MasksLiterals(ruleId))
            {
                return FingerprintValue(ruleId, text.ToString(span));
            }

            // The common case without a string: hash the characters in place, in chunks.
            const ulong offset = 14695981039346656037UL;
            const ulong prime = 1099511628211UL;
            ulong hash = offset;
            if (buffer is null || buffer.Length == 0)
            {
                buffer = new char[Math.Max(1, Math.Min(span.Length, 1024))];
            }

            for (int position = span.Start; position < span.End; position += buffer.Length)
            {
                int count = Math.Min(buffer.Length, span.End - position);
                text.CopyTo(position, buffer, 0, count);
                for (int i = 0; i < count; i++)
                {
                    char c = buffer[i];
                    if (!char.IsWhiteSpace(c))
                    {
                        hash = (hash ^ c) * prime;
                    }
                }
            }

            return hash;
        }

        public static string Fingerprint(string ruleId, string code) => FormatFingerprint(FingerprintValue(ruleId, code));

        public static ulong FingerprintValue(string ruleId, string code)
        {
            bool mask = MasksLiterals(ruleId);
            if (mask && code.IndexOf('"') < 0)
            {
                // KEY=value lines of .env files: keep the key, count the value.
                int eq = code.IndexOf('=');
                if (eq >= 0)
                {
                    code = code.Substring(0, eq + 1) + "<" + (code.Length - eq - 1) + ">";
                }
                else
                {
                    code = "<" + code.Length + ">";
                }

                mask = false;
            }

            const ulong offset = 14695981039346656037UL;
            const ulong prime = 1099511628211UL;
            ulong hash = offset;
            bool inString = false;
            int literalLength = 0;
            for (int i = 0; i < code.Length; i++)
            {
                char c = code[i];
                if (mask)
                {
                    if (inString)
                    {
                        if (c == '\\' && i + 1 < code.Length)
                        {
                            literalLength += 2;
                            i++;
                            continue;
                        }

                        if (c != '"')
                        {
                            literalLength++;
                            continue;
                        }

                        // closing quote: hash the length instead of the contents
                        foreach (char d in literalLength.ToString(System.Globalization.CultureInfo.InvariantCulture))
                        {
                            hash = (hash ^ d) * prime;
                        }

                        inString = false;
                    }
                    else if (c == '"')
                    {
                        inString = true;
                        literalLength = 0;
                    }
                }

                if (char.IsWhiteSpace(c))
                {
                    continue;
                }

                hash = (hash ^ c) * prime;
            }

            if (inString)
            {
                hash = (hash ^ (ulong)literalLength) * prime;
            }

            return hash;
        }

        /// <summary>The member ID of the declaration that encloses <paramref name="span"/>; empty when none does.</summary>
        public static string MemberId(SyntaxNode root, TextSpan span)
        {
            SyntaxNode? member = MemberNode(root, span);
            return member is null ? string.Empty : MemberId(member, span.Start);
        }

        /// <summary>
        /// The declaration whose ID <see cref="MemberId(SyntaxNode, int)"/> gives for a finding at <paramref name="span"/>
        /// (a member, a global statement or a type), or null. Callers with many findings cache IDs per node.
        /// </summary>
        public static SyntaxNode? MemberNode(SyntaxNode root, TextSpan span)
        {
            if (root.FullSpan.Length == 0)
            {
                return null;
            }

            int start = Math.Max(0, Math.Min(span.Start, root.FullSpan.End - 1));
            int end = Math.Max(start, Math.Min(span.End, root.FullSpan.End));
            SyntaxNode node = root.FindNode(TextSpan.FromBounds(start, end), findInsideTrivia: false, getInnermostNodeForTie: true);
            for (SyntaxNode? current = node; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case GlobalStatementSyntax _:
                    case BaseMethodDeclarationSyntax _:
                    case BasePropertyDeclarationSyntax _:
                    case BaseFieldDeclarationSyntax _:
                    case EnumMemberDeclarationSyntax _:
                    case DelegateDeclarationSyntax _:
                    case BaseTypeDeclarationSyntax _:
                        return current;
                }
            }

            return null;
        }

        /// <summary>The ID of a node returned by <see cref="MemberNode"/>; <paramref name="position"/> picks the field of a multi-variable declaration.</summary>
        public static string MemberId(SyntaxNode member, int position) => MemberId(member, position, null);

        /// <summary>As <see cref="MemberId(SyntaxNode, int)"/>; <paramref name="containers"/> caches the containing type's name by parent node.</summary>
        public static string MemberId(SyntaxNode member, int position, System.Collections.Generic.Dictionary<SyntaxNode, string>? containers)
        {
            string Container(SyntaxNode m)
            {
                if (containers is null || m.Parent is null)
                {
                    return FindingKey.Container(m);
                }

                if (!containers.TryGetValue(m.Parent, out string? value))
                {
                    value = FindingKey.Container(m);
                    containers[m.Parent] = value;
                }

                return value;
            }

            switch (member)
            {
                case GlobalStatementSyntax _:
                    return TopLevelStatements;
                case BaseMethodDeclarationSyntax method:
                    return "M:" + Container(method) + "." + MethodName(method);
                case IndexerDeclarationSyntax indexer:
                    return "P:" + Container(indexer) + "." + ExplicitPrefix(indexer.ExplicitInterfaceSpecifier) + "Item(" + Parameters(indexer.ParameterList.Parameters) + ")";
                case PropertyDeclarationSyntax property:
                    return "P:" + Container(property) + "." + ExplicitPrefix(property.ExplicitInterfaceSpecifier) + property.Identifier.ValueText;
                case EventDeclarationSyntax evt:
                    return "E:" + Container(evt) + "." + ExplicitPrefix(evt.ExplicitInterfaceSpecifier) + evt.Identifier.ValueText;
                case BaseFieldDeclarationSyntax field:
                    return (field is EventFieldDeclarationSyntax ? "E:" : "F:") + Container(field) + "." + FieldName(field, position);
                case EnumMemberDeclarationSyntax enumMember:
                    return "F:" + Container(enumMember) + "." + enumMember.Identifier.ValueText;
                case DelegateDeclarationSyntax del:
                    return "T:" + Container(del) + "." + del.Identifier.ValueText + Arity(del.TypeParameterList);
                case BaseTypeDeclarationSyntax type:
                    string container = Container(type);
                    return "T:" + container + (container.Length == 0 ? string.Empty : ".") + TypeName(type);
                default:
                    return string.Empty;
            }
        }

        /// <summary>True when the ID of <paramref name="member"/> does not depend on the finding's position inside it.</summary>
        public static bool IsPositionIndependent(SyntaxNode member) =>
            !(member is BaseFieldDeclarationSyntax field) || field.Declaration.Variables.Count == 1;

        private static string MethodName(BaseMethodDeclarationSyntax method)
        {
            string parameters = "(" + Parameters(method.ParameterList.Parameters) + ")";
            switch (method)
            {
                case MethodDeclarationSyntax m:
                    string arity = m.TypeParameterList is null ? string.Empty : "``" + m.TypeParameterList.Parameters.Count;
                    return ExplicitPrefix(m.ExplicitInterfaceSpecifier) + m.Identifier.ValueText + arity + parameters;
                case ConstructorDeclarationSyntax c:
                    return (c.Modifiers.Any(SyntaxKind.StaticKeyword) ? "#cctor" : "#ctor") + parameters;
                case DestructorDeclarationSyntax _:
                    return "Finalize" + parameters;
                case OperatorDeclarationSyntax o:
                    return "op_" + o.OperatorToken.ValueText + parameters;
                case ConversionOperatorDeclarationSyntax conv:
                    return "op_" + conv.ImplicitOrExplicitKeyword.ValueText + parameters + "~" + Compact(conv.Type.ToString());
                default:
                    return "?" + parameters;
            }
        }

        private static string FieldName(BaseFieldDeclarationSyntax field, int position)
        {
            SeparatedSyntaxList<VariableDeclaratorSyntax> variables = field.Declaration.Variables;
            foreach (VariableDeclaratorSyntax v in variables)
            {
                if (v.FullSpan.Contains(position))
                {
                    return v.Identifier.ValueText;
                }
            }

            return variables.Count > 0 ? variables[0].Identifier.ValueText : string.Empty;
        }

        private static string ExplicitPrefix(ExplicitInterfaceSpecifierSyntax? specifier) =>
            specifier is null ? string.Empty : Compact(specifier.Name.ToString()).Replace('.', '#') + "#";

        private static string Parameters(SeparatedSyntaxList<ParameterSyntax> parameters)
        {
            if (parameters.Count == 0)
            {
                return string.Empty;
            }

            var sb = new StringBuilder();
            for (int i = 0; i < parameters.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                ParameterSyntax p = parameters[i];
                sb.Append(p.Type is null ? "?" : Compact(p.Type.ToString()));
                foreach (SyntaxToken modifier in p.Modifiers)
                {
                    if (modifier.IsKind(SyntaxKind.RefKeyword) || modifier.IsKind(SyntaxKind.OutKeyword) || modifier.IsKind(SyntaxKind.InKeyword))
                    {
                        sb.Append('@');
                        break;
                    }
                }
            }

            return sb.ToString();
        }

        private static string Container(SyntaxNode member)
        {
            var sb = new StringBuilder();
            for (SyntaxNode? current = member.Parent; current != null; current = current.Parent)
            {
                string? part = null;
                switch (current)
                {
                    case BaseTypeDeclarationSyntax type:
                        part = TypeName(type);
                        break;
                    case DelegateDeclarationSyntax del:
                        part = del.Identifier.ValueText;
                        break;
                    case BaseNamespaceDeclarationSyntax ns:
                        part = Compact(ns.Name.ToString());
                        break;
                }

                if (part != null)
                {
                    sb.Insert(0, sb.Length == 0 ? part : part + ".");
                }
            }

            return sb.ToString();
        }

        private static string TypeName(BaseTypeDeclarationSyntax type) =>
            type.Identifier.ValueText + (type is TypeDeclarationSyntax t ? Arity(t.TypeParameterList) : string.Empty);

        private static string Arity(TypeParameterListSyntax? list) =>
            list is null ? string.Empty : "`" + list.Parameters.Count;

        private static string Compact(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    sb.Append(c);
                }
            }

            return sb.ToString();
        }

        /// <summary>
        /// The path of <paramref name="filePath"/> relative to <paramref name="baseDirectory"/> with forward slashes, or null
        /// when the file is not under that directory.
        /// </summary>
        public static string? RelativePath(string baseDirectory, string filePath)
        {
            string dir = baseDirectory.Replace('\\', '/').TrimEnd('/') + "/";
            string file = filePath.Replace('\\', '/');
            if (!file.StartsWith(dir, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return file.Substring(dir.Length);
        }
    }
}
