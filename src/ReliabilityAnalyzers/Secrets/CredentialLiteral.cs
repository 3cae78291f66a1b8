using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>How strongly a constant string bound to a credential-named place is a credential.</summary>
    internal enum CredentialEvidence
    {
        None,

        /// <summary>REL502 (warning): a credential-looking value bound to a credential-named symbol or named argument,
        /// or to an authentication header.</summary>
        Strong,

        /// <summary>REL506 (suggestion): a credential name with a readable value, a positional argument to a parameter
        /// named only "token"/"key", an attribute argument, or <c>[DefaultValue]</c> on a credential-named property.</summary>
        Weak,

        /// <summary>REL507 (suggestion): a literal value of an authentication header that does not look like a credential.</summary>
        Header,
    }

    /// <summary>The result of <see cref="CredentialLiteral.Classify"/>: what to report, where and under which name.</summary>
    internal readonly struct CredentialLiteralResult
    {
        public CredentialLiteralResult(CredentialEvidence evidence, IOperation target, string name, int length)
        {
            Evidence = evidence;
            Target = target;
            Name = name;
            Length = length;
        }

        public CredentialEvidence Evidence { get; }

        public IOperation Target { get; }

        public string Name { get; }

        /// <summary>The length of the credential part (after a "Bearer " scheme), never the value.</summary>
        public int Length { get; }
    }

    /// <summary>
    /// One classification of a constant string shared by REL502, REL506 and REL507, so that each literal is reported by
    /// at most one of them: strong evidence at warning, the rest at audit level.
    /// </summary>
    internal static class CredentialLiteral
    {
        private static readonly string[] AuthorizationSchemes = { "bearer", "basic", "token", "digest", "apikey", "sharedaccesssignature", "sso-key", "key" };

        // REL502, REL506 and REL507 each classify the same constant expression. Measured on the benchmark, any table
        // shared between the three (a weak table behind a lock, a concurrent dictionary) cost more in lock contention
        // than classifying three times: most literals stop at the name check.
        public static CredentialLiteralResult Classify(IOperation operation, ISymbol containingSymbol)
        {
            string? value = SecretBinding.ConstantStringToAnalyze(operation, out IOperation target);
            if (value is null || value.Length < 4)
            {
                return default;
            }

            return Classify(value, target, containingSymbol);
        }

        private static CredentialLiteralResult Classify(string value, IOperation target, ISymbol containingSymbol)
        {
            if (HeaderName(target) is string header)
            {
                return ClassifyHeaderValue(value, header, target);
            }

            string? name;
            AttributeSyntax? attribute = SecretBinding.EnclosingAttribute(target.Syntax);
            if (attribute != null)
            {
                // [DefaultValue("…")] on a credential-named property: the property's name counts. Any other attribute
                // argument only has its parameter's name ([Field("master_host")] with a 'token' parameter): audit level.
                name = IsDefaultValueAttribute(attribute) ? AttributedMemberName(attribute) : SecretBinding.BindingName(target, containingSymbol);
            }
            else
            {
                name = SecretBinding.BindingName(target, containingSymbol);
            }

            if (name is null || !SecretDetection.IsCredentialName(name) || EqualsSiblingArgument(target, value) || SecretDetection.IsPublishedTestKey(value))
            {
                return default; // new NetworkCredential("ftptest", "ftptest"): user == password is a public test login; emulator keys are public
            }

            if (!SecretDetection.IsPlausibleSecretValue(value, name))
            {
                // "my-super-secret-jwt-key-12345" names itself like a label would, but carries digits or symbols: audit level.
                return SecretDetection.IsSelfDescribedSecret(value)
                    ? new CredentialLiteralResult(CredentialEvidence.Weak, target, name, value.Length)
                    : default;
            }

            // Decided only for credential names (most literals stop above): it tokenizes the name.
            bool weakBinding = attribute != null || IsPositionalArgumentForWeakParameter(target, name);

            if (SecretDetection.FindProviderSecret(value).IsFound || SecretDetection.FindEmbeddedCredential(value).IsFound)
            {
                return default; // REL501 / REL503 report it with a more precise kind
            }

            // Two kinds of evidence, the binding and the value: both strong is REL502, one of them REL506, neither nothing
            // ([Field("master_host")] through a 'token' parameter is a readable value through a weak binding).
            bool looksLikeCredential = SecretDetection.LooksLikeCredential(value, SecretDetection.IsPasswordName(name));
            if (!looksLikeCredential && (weakBinding || IsWellKnownOrSelfNamed(value, name)))
            {
                return default;
            }

            // A credential of a fake store or test fixture compiled into the product (FakeStore, TestData) unlocks the fake
            // only: still listed at audit level, where a real key copied into a fixture is found.
            // A value another secret scanner's reviewed exception marks as not a secret: also audit level.
            // Development-only code (a 'DevDataSeeder', an 'if (env.IsDevelopment())' branch) seeds a local login: audit level too.
            bool strong = !weakBinding && looksLikeCredential && !TestSupport.IsInTestDouble(containingSymbol)
                && !TestSupport.IsDevelopmentOnly(containingSymbol, target.Syntax)
                && !SecretBinding.HasSecretScannerAllowMarker(target.Syntax) && !SecretBinding.HasNotASecretComment(target.Syntax);
            return new CredentialLiteralResult(strong ? CredentialEvidence.Strong : CredentialEvidence.Weak, target, name, value.Length);
        }

        private static bool EqualsSiblingArgument(IOperation target, string value)
        {
            IOperation e = target;
            while (e.Parent is IConversionOperation conversion)
            {
                e = conversion;
            }

            if (!(e.Parent is IArgumentOperation argument))
            {
                return false;
            }

            System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments = argument.Parent switch
            {
                IInvocationOperation invocation => invocation.Arguments,
                IObjectCreationOperation creation => creation.Arguments,
                _ => default,
            };
            if (arguments.IsDefault)
            {
                return false;
            }

            foreach (IArgumentOperation other in arguments)
            {
                if (other != argument && other.Value.ConstantValue is { HasValue: true, Value: string sibling }
                    && string.Equals(sibling, value, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A readable value that is a well-known public login ("anonymous", "guest") or repeats a word of its own name
        /// (<c>DataBusStorageKey = "rebus-databus-storage"</c>): an identifier, not a credential.
        /// </summary>
        private static bool IsWellKnownOrSelfNamed(string value, string name)
        {
            string lower = value.ToLowerInvariant();
            if (lower == "anonymous" || lower == "guest" || lower == "anonymous@" || lower == "public")
            {
                return true;
            }

            foreach (string word in NameWords.Split(name))
            {
                if (word.Length >= 4 && lower.IndexOf(word, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static CredentialLiteralResult ClassifyHeaderValue(string value, string header, IOperation target)
        {
            string credential = value.Trim();
            int space = credential.IndexOf(' ');
            if (space > 0 && Array.IndexOf(AuthorizationSchemes, credential.Substring(0, space).ToLowerInvariant()) >= 0)
            {
                credential = credential.Substring(space + 1).Trim(); // "Bearer abc…": the scheme is public
            }

            if (credential.Length < 4 || (SecretDetection.IsPlaceholder(credential) && !SecretDetection.IsSelfDescribedSecret(credential))
                || credential.IndexOf(' ') >= 0
                || SecretDetection.FindProviderSecret(credential).IsFound)
            {
                return default; // REL501 reports provider tokens in headers with their kind
            }

            bool strong = SecretDetection.IsPlausibleSecretValue(credential, header) && SecretDetection.LooksLikeCredential(credential, passwordLike: false);
            return new CredentialLiteralResult(strong ? CredentialEvidence.Strong : CredentialEvidence.Header, target, header + " header", credential.Length);
        }

        /// <summary>
        /// The authentication header a literal is the value of: <c>new AuthenticationHeaderValue(scheme, "…")</c>,
        /// <c>headers.Add("X-Api-Key", "…")</c> / <c>TryAddWithoutValidation</c> / <c>WithHeader</c> / <c>Append</c> on a
        /// header collection, or <c>headers["Authorization"] = "…"</c>; null otherwise.
        /// </summary>
        public static string? HeaderName(IOperation target)
        {
            IOperation e = target;
            while (e.Parent is IConversionOperation conversion)
            {
                e = conversion;
            }

            switch (e.Parent)
            {
                case IArgumentOperation { Parameter: { } parameter } argument:
                    if (argument.Parent is IObjectCreationOperation creation && creation.Type?.Name == "AuthenticationHeaderValue"
                        && parameter.Ordinal == 1)
                    {
                        return "Authorization";
                    }

                    if (argument.Parent is IInvocationOperation bearer && IsBearerHelper(bearer.TargetMethod, parameter))
                    {
                        return "Authorization"; // WithOAuthBearerToken("…"), SetBearerToken("…"), WithBasicAuth(user, "…")
                    }

                    // An extension method's receiver is parameter 0: headers.WithHeader("X-Api-Key", "…") names the header at 1.
                    int nameOrdinal = argument.Parent is IInvocationOperation { TargetMethod.IsExtensionMethod: true } ? 1 : 0;
                    if (argument.Parent is IInvocationOperation invocation && parameter.Ordinal == nameOrdinal + 1 && IsHeaderWrite(invocation))
                    {
                        foreach (IArgumentOperation other in invocation.Arguments)
                        {
                            if (other.Parameter?.Ordinal == nameOrdinal && other.Value.ConstantValue is { HasValue: true, Value: string key })
                            {
                                return IsCredentialHeader(key) ? key : null;
                            }
                        }
                    }

                    return null;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } assignment
                    when assignment.Value == e && indexer.Arguments.Length == 1 && IsHeaderType(indexer.Property.ContainingType)
                    && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }:
                    return IsCredentialHeader(key) ? key : null;
                default:
                    return null;
            }
        }

        /// <summary>Client helpers that put a credential argument into the Authorization header.</summary>
        private static bool IsBearerHelper(IMethodSymbol method, IParameterSymbol parameter)
        {
            switch (method.Name)
            {
                case "WithOAuthBearerToken":
                case "SetBearerToken":
                    return parameter.Type.SpecialType == SpecialType.System_String && parameter.Ordinal == method.Parameters.Length - 1;
                case "WithBasicAuth":
                case "SetBasicAuthentication":
                    return parameter.Type.SpecialType == SpecialType.System_String && parameter.Ordinal == method.Parameters.Length - 1
                        && method.Parameters.Length >= 2;
                default:
                    return false;
            }
        }

        private static bool IsHeaderWrite(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            string name = method.Name;
            if (name.IndexOf("Header", StringComparison.Ordinal) >= 0)
            {
                return true; // WithHeader, AddHeader, SetHeader, DefaultRequestHeaders helpers
            }

            if (name != "Add" && name != "TryAdd" && name != "TryAddWithoutValidation" && name != "Append" && name != "Set")
            {
                return false;
            }

            ITypeSymbol? receiver = invocation.Instance?.Type;
            if (receiver is null && method.IsExtensionMethod && method.Parameters.Length > 0)
            {
                receiver = method.Parameters[0].Type;
            }

            return (receiver != null && IsHeaderType(receiver)) || IsHeaderType(method.ContainingType);
        }

        private static bool IsHeaderType(ITypeSymbol? type)
        {
            for (ITypeSymbol? t = type; t != null; t = t.BaseType)
            {
                if (t.Name.IndexOf("Header", StringComparison.Ordinal) >= 0)
                {
                    return true; // HttpHeaders, HttpRequestHeaders, IHeaderDictionary, WebHeaderCollection
                }
            }

            if (type != null)
            {
                foreach (INamedTypeSymbol i in type.AllInterfaces)
                {
                    if (i.Name.IndexOf("Header", StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Authorization, Proxy-Authorization, or a header named like a credential (X-Api-Key, api-key, X-Auth-Token, Ocp-Apim-Subscription-Key).</summary>
        public static bool IsCredentialHeader(string key) =>
            string.Equals(key, "Authorization", StringComparison.OrdinalIgnoreCase)
            || string.Equals(key, "Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
            || SecretDetection.IsCredentialName(key)
            || string.Equals(key, "apikey", StringComparison.OrdinalIgnoreCase)
            || IsKeyOrTokenHeader(key);

        /// <summary>
        /// A custom header whose last hyphenated word is Key or Token (X-Functions-Key, X-Goog-Api-Key, X-Auth-Token), except
        /// the protocol headers that carry generated values (Sec-WebSocket-Key, Idempotency-Key, anti-forgery tokens).
        /// </summary>
        private static bool IsKeyOrTokenHeader(string key)
        {
            int dash = key.LastIndexOf('-');
            if (dash <= 0 || key.IndexOf(' ') >= 0)
            {
                return false;
            }

            string last = key.Substring(dash + 1);
            if (!string.Equals(last, "Key", StringComparison.OrdinalIgnoreCase) && !string.Equals(last, "Token", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            string lower = key.ToLowerInvariant();
            return lower.IndexOf("websocket", StringComparison.Ordinal) < 0 && lower.IndexOf("idempotency", StringComparison.Ordinal) < 0
                && lower.IndexOf("csrf", StringComparison.Ordinal) < 0 && lower.IndexOf("xsrf", StringComparison.Ordinal) < 0
                && lower.IndexOf("forgery", StringComparison.Ordinal) < 0 && lower.IndexOf("cache", StringComparison.Ordinal) < 0
                && lower.IndexOf("request", StringComparison.Ordinal) < 0 && lower.IndexOf("correlation", StringComparison.Ordinal) < 0
                && lower.IndexOf("continuation", StringComparison.Ordinal) < 0 && lower.IndexOf("page", StringComparison.Ordinal) < 0;
        }

        /// <summary>
        /// A positional argument whose only evidence is a parameter named "token" or "key"-something in another API
        /// (lexical tokens, lookup keys): audit level. Named arguments and password/secret parameters keep full weight.
        /// </summary>
        private static bool IsPositionalArgumentForWeakParameter(IOperation target, string? name)
        {
            if (name is null)
            {
                return false;
            }

            IOperation e = target;
            while (e.Parent is IConversionOperation conversion)
            {
                e = conversion;
            }

            if (!(e.Parent is IArgumentOperation argument) || argument.Parameter is null || argument.Syntax is ArgumentSyntax { NameColon: not null }
                || !string.Equals(argument.Parameter.Name, name, StringComparison.Ordinal))
            {
                return false; // not an argument, a named argument, or a dictionary/configuration key (settings.Add("ApiKey", …))
            }

            foreach (string word in NameWords.Split(name))
            {
                if (word.StartsWith("pass", StringComparison.Ordinal) || word == "pwd" || word == "secret" || word == "credential"
                    || word == "credentials" || word == "apikey" || word == "passphrase")
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsDefaultValueAttribute(AttributeSyntax attribute)
        {
            string name = attribute.Name is QualifiedNameSyntax q ? q.Right.Identifier.ValueText
                : attribute.Name is IdentifierNameSyntax id ? id.Identifier.ValueText : attribute.Name.ToString();
            return name == "DefaultValue" || name == "DefaultValueAttribute";
        }

        private static string? AttributedMemberName(AttributeSyntax attribute)
        {
            switch (attribute.Parent?.Parent)
            {
                case PropertyDeclarationSyntax property:
                    return property.Identifier.ValueText;
                case FieldDeclarationSyntax field when field.Declaration.Variables.Count > 0:
                    return field.Declaration.Variables[0].Identifier.ValueText;
                case ParameterSyntax parameter:
                    return parameter.Identifier.ValueText;
                default:
                    return null;
            }
        }
    }
}
