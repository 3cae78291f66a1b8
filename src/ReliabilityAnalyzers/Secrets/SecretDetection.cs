using System;
using System.Linq;
using System.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>A secret found inside a string: what it is, its public prefix and where it sits in the string.</summary>
    internal readonly struct SecretFinding
    {
        public SecretFinding(string kind, string prefix, int start, int length)
        {
            Kind = kind;
            Prefix = prefix;
            Start = start;
            Length = length;
        }

        public string Kind { get; }

        /// <summary>The public, format-defined prefix (e.g. "ghp_"); never any part of the secret material.</summary>
        public string Prefix { get; }

        public int Start { get; }

        public int Length { get; }

        public bool IsFound => Kind != null;
    }

    /// <summary>
    /// Hand-written scanners shared by REL501–REL505. No regexes: every literal in a compilation passes through here,
    /// so each check starts with a length test and an ordinal IndexOf of a fixed anchor.
    /// </summary>
    internal static class SecretDetection
    {
        // ---------------------------------------------------------------- REL501: provider formats

        /// <summary>The first provider credential recognised by its format, or default.</summary>
        public static SecretFinding FindProviderSecret(string value)
        {
            if (value is null || value.Length < 20 || !HasTokenSizedRun(value))
            {
                return default;
            }

            SecretFinding f;
            if ((f = AwsKeyId(value)).IsFound
                || (f = GitHubClassic(value)).IsFound
                || (f = GitHubFineGrained(value)).IsFound
                || (f = Prefixed(value, "glpat-", "GitLab personal access token", 20, 60, UrlSafe)).IsFound
                || (f = Prefixed(value, "glrt-", "GitLab runner token", 20, 60, UrlSafe)).IsFound
                || (f = Prefixed(value, "gldt-", "GitLab deploy token", 20, 60, UrlSafe)).IsFound
                || (f = Slack(value)).IsFound
                || (f = SlackWebhook(value)).IsFound
                || (f = Prefixed(value, "sk_live_", "Stripe secret key", 24, 99, Alnum)).IsFound
                || (f = Prefixed(value, "rk_live_", "Stripe restricted key", 24, 99, Alnum)).IsFound
                || (f = Prefixed(value, "whsec_", "Stripe webhook secret", 32, 64, Alnum)).IsFound
                || (f = Anthropic(value)).IsFound
                || (f = OpenAi(value)).IsFound
                || (f = Fixed(value, "AIza", "Google API key", 35, UrlSafe)).IsFound
                || (f = Fixed(value, "GOCSPX-", "Google OAuth client secret", 28, UrlSafe)).IsFound
                || (f = AzureKeyAfter(value, "AccountKey=", "Azure storage account key", 86, "==", "Eby8vdM02xNO", "C2y6yDjf5")).IsFound
                || (f = AzureKeyAfter(value, "SharedAccessKey=", "Azure shared access key", 43, "=", null, null)).IsFound
                || (f = SasSignature(value)).IsFound
                || (f = EntraSecret(value)).IsFound
                || (f = Npm(value)).IsFound
                || (f = Fixed(value, "oy2", "NuGet API key", 43, LowerBase32)).IsFound
                || (f = Prefixed(value, "pypi-AgEIcHlwaS5vcmc", "PyPI token", 50, 300, UrlSafe)).IsFound
                || (f = Fixed(value, "dckr_pat_", "Docker Hub token", 27, UrlSafe)).IsFound
                || (f = SendGrid(value)).IsFound
                || (f = Twilio(value)).IsFound
                || (f = Jwt(value)).IsFound
                || (f = PemPrivateKey(value)).IsFound)
            {
                return f;
            }

            return default;
        }

        /// <summary>
        /// Every format above is a run of at least 20 characters without whitespace, except a PEM block, which starts with
        /// its "-----BEGIN" line. One pass over the string spares the 27 prefix searches on prose, messages and templates.
        /// </summary>
        private static bool HasTokenSizedRun(string value)
        {
            int run = 0;
            foreach (char c in value)
            {
                if (char.IsWhiteSpace(c))
                {
                    run = 0;
                }
                else if (++run >= 20)
                {
                    return true;
                }
            }

            return value.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0;
        }

        private static bool Alnum(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

        private static bool UrlSafe(char c) => Alnum(c) || c == '_' || c == '-';

        private static bool Word(char c) => Alnum(c) || c == '_';

        private static bool Base64(char c) => Alnum(c) || c == '+' || c == '/';

        private static bool UpperBase32(char c) => (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');

        private static bool LowerBase32(char c) => (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');

        private static bool Hex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static bool BoundaryBefore(string s, int i) => i == 0 || !Alnum(s[i - 1]);

        private static int Run(string s, int start, Func<char, bool> cls)
        {
            int i = start;
            while (i < s.Length && cls(s[i]))
            {
                i++;
            }

            return i - start;
        }

        /// <summary>Random-looking: not a run of one char, not a sequence, and a few distinct characters.</summary>
        private static bool LooksRandom(string s, int start, int length)
        {
            if (length < 8)
            {
                return false;
            }

            int distinct = 0;
            var seen = new bool[128];
            int sequential = 0;
            for (int i = start; i < start + length; i++)
            {
                char c = s[i];
                if (c < 128 && !seen[c])
                {
                    seen[c] = true;
                    distinct++;
                }

                if (i > start && (c == s[i - 1] + 1 || c == s[i - 1]))
                {
                    sequential++;
                }
            }

            return distinct >= Math.Min(10, length / 3) && sequential < length * 2 / 3;
        }

        private static SecretFinding Prefixed(string s, string prefix, string kind, int min, int max, Func<char, bool> cls)
        {
            for (int i = s.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = s.IndexOf(prefix, i + 1, StringComparison.Ordinal))
            {
                int n = Run(s, i + prefix.Length, cls);
                if (BoundaryBefore(s, i) && n >= min && n <= max && LooksRandom(s, i + prefix.Length, n))
                {
                    return new SecretFinding(kind, prefix, i, prefix.Length + n);
                }
            }

            return default;
        }

        private static SecretFinding Fixed(string s, string prefix, string kind, int exact, Func<char, bool> cls)
        {
            for (int i = s.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = s.IndexOf(prefix, i + 1, StringComparison.Ordinal))
            {
                int n = Run(s, i + prefix.Length, cls);
                if (BoundaryBefore(s, i) && n == exact && LooksRandom(s, i + prefix.Length, n))
                {
                    return new SecretFinding(kind, prefix, i, prefix.Length + n);
                }
            }

            return default;
        }

        private static readonly string[] AwsPrefixes = { "AKIA", "ASIA", "ABIA", "ACCA" };

        private static readonly string[] AnthropicPrefixes = { "sk-ant-api03-", "sk-ant-admin01-" };

        private static SecretFinding AwsKeyId(string s)
        {
            foreach (string prefix in AwsPrefixes)
            {
                for (int i = s.IndexOf(prefix, StringComparison.Ordinal); i >= 0; i = s.IndexOf(prefix, i + 1, StringComparison.Ordinal))
                {
                    if (BoundaryBefore(s, i) && Run(s, i + 4, UpperBase32) == 16 && (i + 20 == s.Length || !Alnum(s[i + 20]))
                        && s.IndexOf("EXAMPLE", i, 20, StringComparison.Ordinal) < 0 && LooksRandom(s, i + 4, 16))
                    {
                        return new SecretFinding("AWS access key id", prefix, i, 20);
                    }
                }
            }

            return default;
        }

        private static SecretFinding GitHubClassic(string s)
        {
            for (int i = s.IndexOf("gh", StringComparison.Ordinal); i >= 0; i = s.IndexOf("gh", i + 1, StringComparison.Ordinal))
            {
                if (i + 40 > s.Length || s[i + 3] != '_' || "pousr".IndexOf(s[i + 2]) < 0 || !BoundaryBefore(s, i))
                {
                    continue;
                }

                if (Run(s, i + 4, Alnum) == 36 && HasValidCrc32Checksum(s, i + 4))
                {
                    return new SecretFinding("GitHub token", s.Substring(i, 4), i, 40);
                }
            }

            return default;
        }

        private static SecretFinding Npm(string s)
        {
            for (int i = s.IndexOf("npm_", StringComparison.Ordinal); i >= 0; i = s.IndexOf("npm_", i + 1, StringComparison.Ordinal))
            {
                if (BoundaryBefore(s, i) && Run(s, i + 4, Alnum) == 36 && HasValidCrc32Checksum(s, i + 4))
                {
                    return new SecretFinding("npm access token", "npm_", i, 40);
                }
            }

            return default;
        }

        /// <summary>30 random characters followed by the base62 CRC32 of them, left-padded to 6 (GitHub and npm).</summary>
        internal static bool HasValidCrc32Checksum(string s, int start)
        {
            uint crc = Crc32(s, start, 30);
            return string.CompareOrdinal(Base62(crc, 6), 0, s, start + 30, 6) == 0;
        }

        internal static uint Crc32(string s, int start, int length)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = start; i < start + length; i++)
            {
                crc ^= (byte)s[i];
                for (int k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
                }
            }

            return ~crc;
        }

        internal static string Base62(uint value, int width)
        {
            const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
            var chars = new char[width];
            for (int i = width - 1; i >= 0; i--)
            {
                chars[i] = Alphabet[(int)(value % 62)];
                value /= 62;
            }

            return new string(chars);
        }

        private static SecretFinding GitHubFineGrained(string s)
        {
            const string Prefix = "github_pat_";
            int i = s.IndexOf(Prefix, StringComparison.Ordinal);
            if (i >= 0 && Run(s, i + Prefix.Length, Word) == 82 && s[i + Prefix.Length + 22] == '_' && LooksRandom(s, i + Prefix.Length, 82))
            {
                return new SecretFinding("GitHub fine-grained token", Prefix, i, 93);
            }

            return default;
        }

        private static SecretFinding Slack(string s)
        {
            for (int i = s.IndexOf("xox", StringComparison.Ordinal); i >= 0; i = s.IndexOf("xox", i + 1, StringComparison.Ordinal))
            {
                if (i + 5 < s.Length && "baprse".IndexOf(s[i + 3]) >= 0 && s[i + 4] == '-' && BoundaryBefore(s, i))
                {
                    int n = Run(s, i + 5, UrlSafe);
                    if (n >= 20 && CountDigits(s, i + 5, n) >= 8 && LooksRandom(s, i + 5, n))
                    {
                        return new SecretFinding("Slack token", s.Substring(i, 5), i, 5 + n);
                    }
                }
            }

            return Prefixed(s, "xapp-", "Slack app token", 20, 200, UrlSafe);
        }

        private static int CountDigits(string s, int start, int length)
        {
            int n = 0;
            for (int i = start; i < start + length; i++)
            {
                if (s[i] >= '0' && s[i] <= '9')
                {
                    n++;
                }
            }

            return n;
        }

        private static SecretFinding SlackWebhook(string s)
        {
            const string Host = "hooks.slack.com/";
            int i = s.IndexOf(Host, StringComparison.Ordinal);
            if (i < 0)
            {
                return default;
            }

            int p = i + Host.Length;
            int kindLength = s.IndexOf("services/", p, StringComparison.Ordinal) == p ? 9 : s.IndexOf("workflows/", p, StringComparison.Ordinal) == p ? 10 : -1;
            if (kindLength < 0)
            {
                return default;
            }

            int n = Run(s, p + kindLength, c => UrlSafe(c) || c == '/');
            if (n >= 30 && LooksRandom(s, p + kindLength, n))
            {
                int start = s.LastIndexOf("https://", i, StringComparison.Ordinal) is int h && h >= 0 && h + 8 == i ? h : i;
                return new SecretFinding("Slack webhook URL", "hooks.slack.com", start, p + kindLength + n - start);
            }

            return default;
        }

        private static SecretFinding OpenAi(string s)
        {
            int anchor = s.IndexOf("T3BlbkFJ", StringComparison.Ordinal);
            if (anchor < 0)
            {
                return default;
            }

            int i = s.LastIndexOf("sk-", anchor, StringComparison.Ordinal);
            if (i < 0 || !BoundaryBefore(s, i))
            {
                return default;
            }

            int n = Run(s, i + 3, UrlSafe);
            if (i + 3 + n > anchor + 8 && n >= 40)
            {
                string prefix = s.IndexOf("sk-proj-", i, StringComparison.Ordinal) == i ? "sk-proj-"
                    : s.IndexOf("sk-svcacct-", i, StringComparison.Ordinal) == i ? "sk-svcacct-"
                    : s.IndexOf("sk-admin-", i, StringComparison.Ordinal) == i ? "sk-admin-" : "sk-";
                return new SecretFinding("OpenAI API key", prefix, i, 3 + n);
            }

            return default;
        }

        private static SecretFinding Anthropic(string s)
        {
            foreach (string prefix in AnthropicPrefixes)
            {
                int i = s.IndexOf(prefix, StringComparison.Ordinal);
                if (i >= 0 && BoundaryBefore(s, i))
                {
                    int n = Run(s, i + prefix.Length, UrlSafe);
                    if (n >= 80 && s[i + prefix.Length + n - 1] == 'A' && s[i + prefix.Length + n - 2] == 'A' && LooksRandom(s, i + prefix.Length, n))
                    {
                        return new SecretFinding("Anthropic API key", prefix, i, prefix.Length + n);
                    }
                }
            }

            return default;
        }

        private static SecretFinding AzureKeyAfter(string s, string label, string kind, int body, string padding, string? emulator1, string? emulator2)
        {
            int i = s.IndexOf(label, StringComparison.OrdinalIgnoreCase);
            if (i < 0)
            {
                return default;
            }

            int start = i + label.Length;
            int n = Run(s, start, Base64);
            if (n == body && string.CompareOrdinal(s, start + n, padding, 0, padding.Length) == 0
                && (emulator1 is null || string.CompareOrdinal(s, start, emulator1, 0, emulator1.Length) != 0)
                && (emulator2 is null || string.CompareOrdinal(s, start, emulator2, 0, emulator2.Length) != 0)
                && LooksRandom(s, start, n))
            {
                return new SecretFinding(kind, label, start, n + padding.Length);
            }

            return default;
        }

        private static SecretFinding SasSignature(string s)
        {
            int i = s.IndexOf("sig=", StringComparison.Ordinal);
            if (i <= 0 || (s[i - 1] != '&' && s[i - 1] != '?') || s.IndexOf("sv=", StringComparison.Ordinal) < 0)
            {
                return default;
            }

            int n = Run(s, i + 4, c => Base64(c) || c == '%' || c == '=');
            return n >= 43 && LooksRandom(s, i + 4, n) ? new SecretFinding("Azure SAS signature", "sig=", i + 4, n) : default;
        }

        private static SecretFinding EntraSecret(string s)
        {
            for (int i = s.IndexOf("Q~", StringComparison.Ordinal); i >= 0; i = s.IndexOf("Q~", i + 1, StringComparison.Ordinal))
            {
                int start = i - 4;
                if (start < 0 || (s[i - 1] != '8' && s[i - 1] != '7') || !BoundaryBefore(s, start))
                {
                    continue;
                }

                bool head = true;
                for (int k = start; k < i - 1; k++)
                {
                    head &= Word(s[k]) || s[k] == '~' || s[k] == '.';
                }

                int n = Run(s, i + 2, c => Word(c) || c == '~' || c == '.' || c == '-');
                if (head && n >= 31 && n <= 34 && LooksRandom(s, i + 2, n))
                {
                    return new SecretFinding("Entra ID client secret", "", start, 6 + n);
                }
            }

            return default;
        }

        private static SecretFinding SendGrid(string s)
        {
            int i = s.IndexOf("SG.", StringComparison.Ordinal);
            if (i >= 0 && BoundaryBefore(s, i) && Run(s, i + 3, UrlSafe) == 22 && i + 26 < s.Length && s[i + 25] == '.'
                && Run(s, i + 26, UrlSafe) == 43 && LooksRandom(s, i + 26, 43))
            {
                return new SecretFinding("SendGrid API key", "SG.", i, 69);
            }

            return default;
        }

        private static SecretFinding Twilio(string s)
        {
            int i = s.IndexOf("SK", StringComparison.Ordinal);
            if (i >= 0 && BoundaryBefore(s, i) && Run(s, i + 2, Hex) == 32 && (i + 34 == s.Length || !Alnum(s[i + 34]))
                && CountDigits(s, i + 2, 32) >= 4 && CountDigits(s, i + 2, 32) <= 28 && LooksRandom(s, i + 2, 32))
            {
                return new SecretFinding("Twilio API key", "SK", i, 34);
            }

            return default;
        }

        private static SecretFinding Jwt(string s)
        {
            int i = s.IndexOf("eyJ", StringComparison.Ordinal);
            if (i < 0)
            {
                return default;
            }

            int h = Run(s, i, UrlSafe);
            if (h < 10 || i + h >= s.Length || s[i + h] != '.')
            {
                return default;
            }

            int p = i + h + 1;
            int pl = Run(s, p, UrlSafe);
            if (pl < 10 || p + pl >= s.Length || s[p + pl] != '.' || string.CompareOrdinal(s, p, "eyJ", 0, 3) != 0)
            {
                return default;
            }

            int sigStart = p + pl + 1;
            int sl = Run(s, sigStart, UrlSafe);
            if (sl < 16)
            {
                return default;
            }

            string? header = DecodeBase64Url(s, i, h);
            string? payload = DecodeBase64Url(s, p, pl);
            if (header is null || !header.StartsWith("{", StringComparison.Ordinal) || header.IndexOf("\"alg\"", StringComparison.Ordinal) < 0
                || payload is null || payload.IndexOf("John Doe", StringComparison.Ordinal) >= 0)
            {
                return default; // not a JWT, or the jwt.io sample token
            }

            return new SecretFinding("JSON Web Token", "eyJ", i, sigStart + sl - i);
        }

        private static string? DecodeBase64Url(string s, int start, int length)
        {
            var sb = new StringBuilder(length + 3);
            for (int k = start; k < start + length; k++)
            {
                char c = s[k];
                sb.Append(c == '-' ? '+' : c == '_' ? '/' : c);
            }

            while (sb.Length % 4 != 0)
            {
                sb.Append('=');
            }

            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(sb.ToString()));
            }
            catch (FormatException)
            {
                return null; // not base64: not a token
            }
        }

        private static SecretFinding PemPrivateKey(string s)
        {
            int i = s.IndexOf("-----BEGIN ", StringComparison.Ordinal);
            if (i < 0)
            {
                return default;
            }

            int headerEnd = s.IndexOf("-----", i + 11, StringComparison.Ordinal);
            if (headerEnd < 0 || s.LastIndexOf("PRIVATE KEY", headerEnd, headerEnd - i, StringComparison.Ordinal) < 0)
            {
                return default;
            }

            int end = s.IndexOf("-----END", headerEnd + 5, StringComparison.Ordinal);
            int bodyEnd = end < 0 ? s.Length : end;
            int body = 0;
            for (int k = headerEnd + 5; k < bodyEnd; k++)
            {
                if (Base64(s[k]) || s[k] == '=')
                {
                    body++;
                }
            }

            if (body < 64)
            {
                return default; // header-only constants in PEM parsers are not keys
            }

            int stop = end < 0 ? s.Length : Math.Min(s.Length, s.IndexOf("-----", end + 8, StringComparison.Ordinal) is int e && e >= 0 ? e + 5 : s.Length);
            return new SecretFinding("PEM private key", "-----BEGIN", i, stop - i);
        }

        // ---------------------------------------------------------------- REL503: embedded credentials

        /// <summary>A password, account key, SAS signature or URI user-info password inside a connection string or URI.</summary>
        public static SecretFinding FindEmbeddedCredential(string value)
        {
            if (value is null || value.Length < 8)
            {
                return default;
            }

            SecretFinding f = FindEmbeddedCredentialCore(value);
            if (!f.IsFound || IsLocalDevelopmentTarget(value))
            {
                return default; // a password for a database on this machine is a development default, not a leak
            }

            if (IsProse(value))
            {
                return default; // an example inside help, usage or error text: "Invalid connection string, expected Server=…;Password=…"
            }

            string credential = value.Substring(f.Start, f.Length);
            if (IsPublishedTestKey(credential)
                || Array.IndexOf(PlaceholderPasswords, credential.ToLowerInvariant()) >= 0
                || string.Equals(credential, UserOf(value), StringComparison.OrdinalIgnoreCase))
            {
                return default; // storage / Cosmos emulator keys, "password" placeholders, user == password (test:test)
            }

            return f;
        }

        private static readonly string[] PlaceholderPasswords = { "password", "pass", "pwd", "secret", "passw0rd", "p@ssw0rd", "test", "admin" };

        /// <summary>
        /// True when a string is a sentence that mentions a connection string or URI, not one: a run of three or more
        /// words that is not the start of a key (<c>Multiple Active Result Sets=</c>), two words ending in sentence
        /// punctuation, or a leading label (<c>Example: …</c>). Connection strings and URIs in code carry no prose.
        /// </summary>
        internal static bool IsProse(string value)
        {
            if (value.IndexOf(' ') < 0 && value.IndexOf('\n') < 0)
            {
                return false;
            }

            string[] tokens = value.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries);
            int run = 0;
            for (int i = 0; i < tokens.Length; i++)
            {
                string t = tokens[i];
                if (!IsProseWord(t, out bool punctuated))
                {
                    if (run >= 3 && !IsKeyStart(t))
                    {
                        return true;
                    }

                    run = 0;
                    continue;
                }

                run++;
                if (punctuated && (run >= 2 || i == 0) && i + 1 < tokens.Length)
                {
                    return true; // "Invalid connection string:", "Example: Server=…"
                }
            }

            return run >= 3;
        }

        private static bool IsProseWord(string token, out bool punctuated)
        {
            punctuated = false;
            int end = token.Length;
            char last = token[end - 1];
            if (last == ':' || last == '.' || last == ',' || last == '!' || last == '?')
            {
                punctuated = true;
                end--;
            }

            if (end == 0)
            {
                return false;
            }

            for (int i = 0; i < end; i++)
            {
                char c = token[i];
                if (!char.IsLetter(c) && c != '\'' && c != '-' && c != '(' && c != ')')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>"Sets=true": the last word of a key with spaces in it.</summary>
        private static bool IsKeyStart(string token)
        {
            int eq = token.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            for (int i = 0; i < eq; i++)
            {
                if (!char.IsLetter(token[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static readonly string[] LocalHosts = { "localhost", "127.0.0.1", "(localdb)", "[::1]", "host.docker.internal", "devstoreaccount1", "usedevelopmentstorage" };

        /// <summary>Connection strings and URIs that point at this machine, the storage emulator or a reserved example host.</summary>
        internal static bool IsLocalDevelopmentTarget(string value)
        {
            string lower = value.ToLowerInvariant();
            foreach (string host in LocalHosts)
            {
                int i = lower.IndexOf(host, StringComparison.Ordinal);
                if (i >= 0 && (i == 0 || !Alnum(lower[i - 1]) || lower[i - 1] == '(' ) && (i + host.Length == lower.Length || !Alnum(lower[i + host.Length])))
                {
                    return true;
                }
            }

            return lower.IndexOf("@example.", StringComparison.Ordinal) >= 0 || lower.IndexOf(".example.com", StringComparison.Ordinal) >= 0;
        }

        private static string? UserOf(string s)
        {
            foreach (string key in new[] { "user id=", "userid=", "uid=", "username=", "user=" })
            {
                int i = s.IndexOf(key, StringComparison.OrdinalIgnoreCase);
                if (i >= 0 && (i == 0 || s[i - 1] == ';' || s[i - 1] == ' '))
                {
                    int start = i + key.Length;
                    int end = s.IndexOf(';', start);
                    return s.Substring(start, (end < 0 ? s.Length : end) - start).Trim();
                }
            }

            return null;
        }

        private static SecretFinding FindEmbeddedCredentialCore(string value)
        {
            SecretFinding f;
            if ((f = KeyValueCredential(value, "password=", "connection-string password")).IsFound
                || (f = KeyValueCredential(value, "pwd=", "connection-string password")).IsFound
                || (f = KeyValueCredential(value, "accountkey=", "storage account key")).IsFound
                || (f = KeyValueCredential(value, "sharedaccesskey=", "shared access key")).IsFound
                || (f = KeyValueCredential(value, "sig=", "SAS signature")).IsFound
                || (f = UriUserInfo(value)).IsFound)
            {
                return f;
            }

            return default;
        }

        private static SecretFinding KeyValueCredential(string s, string key, string kind)
        {
            for (int i = s.IndexOf(key, StringComparison.OrdinalIgnoreCase); i >= 0; i = s.IndexOf(key, i + 1, StringComparison.OrdinalIgnoreCase))
            {
                char before = i == 0 ? ';' : s[i - 1];
                bool sig = key == "sig=";
                if (sig ? before != '&' && before != '?' : before != ';' && before != ',' && before != ' ' && before != '"' && before != '\'' && before != '\t')
                {
                    continue;
                }

                int start = i + key.Length;
                int end = start;
                char quote = start < s.Length && (s[start] == '\'' || s[start] == '"') ? s[start] : '\0';
                if (quote != '\0')
                {
                    start++;
                    end = s.IndexOf(quote, start);
                    if (end < 0)
                    {
                        end = s.Length;
                    }
                }
                else
                {
                    while (end < s.Length && s[end] != ';' && s[end] != (sig ? '&' : ',') && s[end] != '"')
                    {
                        end++;
                    }
                }

                while (end > start && char.IsWhiteSpace(s[end - 1]))
                {
                    end--;
                }

                string credential = s.Substring(start, end - start);
                if (end - start >= 3 && !IsPlaceholder(credential) && (quote != '\0' || credential.IndexOf(' ') < 0)
                    && (sig || s.IndexOf(';') >= 0 || s.IndexOf(',') >= 0))
                {
                    return new SecretFinding(kind, "", start, end - start);
                }
            }

            return default;
        }

        private static SecretFinding UriUserInfo(string s)
        {
            int scheme = s.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0)
            {
                return default;
            }

            int start = scheme + 3;
            int end = start;
            while (end < s.Length && s[end] != '/' && s[end] != '?' && s[end] != '#' && !char.IsWhiteSpace(s[end]) && s[end] != '"')
            {
                end++;
            }

            int at = s.LastIndexOf('@', end - 1, end - start);
            if (at < 0)
            {
                return default;
            }

            int colon = s.IndexOf(':', start, at - start);
            if (colon < 0 || at - colon - 1 < 3)
            {
                return default;
            }

            string user = s.Substring(start, colon - start);
            string password = s.Substring(colon + 1, at - colon - 1);
            if (string.Equals(user, password, StringComparison.Ordinal) || IsPlaceholder(password) || (user.Length > 0 && IsPlaceholder(user)))
            {
                return default;
            }

            return new SecretFinding("password in URI user info", "", colon + 1, password.Length);
        }

        // ---------------------------------------------------------------- REL502: names and placeholders

        /// <summary>
        /// True when an identifier or configuration key names a credential (password, secret, api key, token, …) and no
        /// qualifier turns it into something else (PasswordFormat, TokenEndpoint, ApiKeyHeader, SecretName, …).
        /// </summary>
        public static bool IsCredentialName(string? name)
        {
            if (name is null || name.Length < 3 || name.Length > 80)
            {
                return false;
            }

            if (name.IndexOf("pass", StringComparison.OrdinalIgnoreCase) < 0 && name.IndexOf("pwd", StringComparison.OrdinalIgnoreCase) < 0
                && name.IndexOf("secret", StringComparison.OrdinalIgnoreCase) < 0 && name.IndexOf("key", StringComparison.OrdinalIgnoreCase) < 0
                && name.IndexOf("token", StringComparison.OrdinalIgnoreCase) < 0 && name.IndexOf("cred", StringComparison.OrdinalIgnoreCase) < 0
                && name.IndexOf("sas", StringComparison.OrdinalIgnoreCase) < 0 && name.IndexOf("senha", StringComparison.OrdinalIgnoreCase) < 0
                && name.IndexOf("contrase", StringComparison.OrdinalIgnoreCase) < 0)
            {
                return false; // cheap prefilter before tokenizing
            }

            string[] words = NameWords.Split(name);
            bool trigger = false;
            for (int i = 0; i < words.Length; i++)
            {
                string w = words[i];
                string next = i + 1 < words.Length ? words[i + 1] : "";
                if (Array.IndexOf(Qualifiers, w) >= 0)
                {
                    return false;
                }

                if (Array.IndexOf(StrongWords, w) >= 0)
                {
                    // "token" inside another word is a type or a cursor, not a credential: CancellationToken,
                    // ContinuationToken, PageToken, SyncToken, a lexer's SyntaxToken.
                    if (w == "token" && i > 0 && Array.IndexOf(NonCredentialTokenWords, words[i - 1]) >= 0)
                    {
                        continue;
                    }

                    trigger = true;
                }
                else if (w == "key" && i > 0 && Array.IndexOf(KeyQualifiers, words[i - 1]) >= 0)
                {
                    trigger = true;
                }
                else if (w == "sas" && (next == "" || next == "token" || next == "key"))
                {
                    trigger = true;
                }
                else if ((w == "apikey" || w == "accesskey" || w == "secretkey" || w == "privatekey" || w == "signingkey"
                    || w == "clientsecret" || w == "authtoken" || w == "accesstoken" || w == "refreshtoken" || w == "bearertoken"))
                {
                    trigger = true;
                }
            }

            return trigger;
        }

        private static readonly string[] StrongWords =
        {
            "password", "passwd", "pwd", "passphrase", "passwort", "senha", "contraseña", "contrasena", "secret", "secrets",
            "token", "credential", "credentials", "apikey", "passcode",
        };

        /// <summary>Words that make a following "token" something other than a credential.</summary>
        private static readonly string[] NonCredentialTokenWords =
        {
            "cancellation", "continuation", "page", "paging", "pagination", "next", "previous", "sync", "resume", "change",
            "lexer", "syntax", "parse", "parser", "json", "xml", "string", "identifier", "whitespace", "end", "start", "stop",
            "word", "sort", "search", "cursor", "registration", "trivia", "lifetime", "ct", "shutdown", "abort", "batch",
        };

        private static readonly string[] KeyQualifiers =
        {
            "api", "access", "secret", "private", "account", "signing", "encryption", "master", "subscription", "shared",
            "auth", "hmac", "jwt", "client", "app", "license", "storage", "role", "service", "webhook",
        };

        private static readonly string[] Qualifiers =
        {
            "name", "names", "id", "ids", "url", "uri", "endpoint", "path", "file", "filename", "dir", "directory", "field",
            "label", "text", "prompt", "placeholder", "replacement", "mask", "masked", "sentinel", "hint", "question", "format", "policy", "policies", "rule", "rules",
            "pattern", "regex", "length", "size", "required", "hash", "hashed", "expiry", "expiration", "expires", "lifetime",
            "type", "types", "mode", "header", "headers", "property", "column", "changed", "change", "reset", "forgot", "forgotten",
            "confirm", "confirmation", "is", "has", "show", "enable", "enabled", "require", "requires", "provider",
            "providers", "store", "vault", "keyvault", "manager", "options", "option", "public", "publishable", "csrf",
            "xsrf", "antiforgery", "cache", "config", "configuration", "setting", "settings", "route", "primary",
            "foreign", "instrumentation", "usersecretsid", "kind", "prefix", "suffix", "section", "min", "max", "minimum",
            "maximum", "count", "timeout", "validator", "validation", "validate", "error", "errors", "message",
            "attempts", "claim", "claims", "scheme", "audience", "issuer", "duration", "ttl", "version", "template",
            "parameter", "param", "env", "variable", "environment", "description", "title", "display", "resource",
            "location", "source", "handler", "factory", "request", "response",
            "result", "generator", "serializer", "parser", "reader", "writer", "builder", "exception", "lock", "mask",
            "masked", "strength", "complexity", "salt", "expired", "valid", "invalid", "missing", "empty", "null",
            "sequence", "position", "index", "offset", "status", "state", "event", "events", "store", "tokens", "lexer",
            "tokenizer", "kind", "syntax", "node", "char", "chars", "character", "separator", "delimiter", "start",
            "end", "cookie", "query", "querystring", "form", "input", "button", "box", "dialog", "view", "page",
            "column", "table", "sql", "command", "log", "logging", "metric", "counter", "span", "activity",
            "parameters", "params", "thumbprint", "fingerprint", "checksum", "digest", "integrity", "diagnostic", "descriptor",
            "attribute", "argument", "properties",
        };

        /// <summary>Placeholders, templates, references and labels that are not secrets.</summary>
        public static bool IsPlaceholder(string value) => IsPlaceholder(value, allowSelfDescribed: false);

        /// <summary>
        /// With <paramref name="allowSelfDescribed"/>, values that only describe themselves ("mysecret…",
        /// "secretpassword…") are not placeholders: the audit-level check of <see cref="IsSelfDescribedSecret"/>.
        /// </summary>
        private static bool IsPlaceholder(string value, bool allowSelfDescribed)
        {
            string v = value.Trim();
            if (v.Length == 0)
            {
                return true;
            }

            char first = v[0];
            if (first == '$' || first == '{' || first == '<' || first == '%' || first == '@' || first == '?' || first == ':'
                || first == '#' || first == '[' || first == '(' || (v.Length > 1 && first == '_' && v[1] == '_'))
            {
                return true; // ${VAR}, {0}, <your-key>, %VAR%, @param, ?, :name, #{VAR}#, [value], __VAR__
            }

            if (v.Length > 2 && first == '*' && v[v.Length - 1] == '*' && v.Trim('*').All(c => char.IsLetter(c) || c == ' '))
            {
                return true; // **hidden**, *masked*: what a UI shows instead of the value (not '*Tr0ub4dor&3*')
            }

            bool allSame = true;
            for (int i = 1; i < v.Length; i++)
            {
                allSame &= v[i] == first;
            }

            if (allSame)
            {
                return true; // xxxx, ****, 0000
            }

            string lower = v.ToLowerInvariant();
            foreach (string marker in PlaceholderMarkers)
            {
                if (lower.IndexOf(marker, StringComparison.Ordinal) >= 0
                    && !(allowSelfDescribed && Array.IndexOf(SelfDescribedMarkers, marker) >= 0))
                {
                    return true;
                }
            }

            return lower == "null" || lower == "none" || lower == "true" || lower == "false" || lower == "undefined" || lower == "n/a";
        }

        private static readonly string[] SelfDescribedMarkers =
        {
            "mypassword", "my_password", "my-password", "mypwd", "mysecret", "my-secret", "my_secret", "somepassword",
            "some-password", "secretpassword",
        };

        private static readonly string[] PlaceholderMarkers =
        {
            "changeme", "change_me", "change-me", "change me", "your_", "your-", "<your", "yourkey", "yourpassword",
            "yoursecret", "yourtoken", "replace", "redacted", "placeholder", "example", "xxxx", "****", "...", "…",
            "{0}", "${", "{{", "$(", "%%", "todo", "tbd", "insert", "enter ", "not set", "not-set", "notset", "dummy", "sample",
            "vault.azure.net", "@microsoft.keyvault", "env:", "vault:", "***", "mypassword", "my_password", "my-password",
            "mypwd", "mysecret", "my-secret", "my_secret", "somepassword", "some-password", "secretpassword", "<password>",
            // A value that says where the real one comes from: 'setThroughEnvVar', 'from env var', 'use user-secrets'.
            "envvar", "env var", "env_var", "env-var", "environmentvar", "environment var", "usersecrets", "user-secrets", "user secrets",
        };

        /// <summary>The REL502 value filter: placeholders, labels, env-var names, config keys, paths, prose.</summary>
        public static bool IsPlausibleSecretValue(string value, string name)
        {
            if (value.Length < 4 || value.Length > 500 || IsPlaceholder(value) || IsPublishedTestKey(value))
            {
                return false;
            }

            int spaces = 0;
            bool hasDigitOrSymbol = false;
            bool upperSnake = true;
            bool hasUnderscore = false;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == ' ')
                {
                    spaces++;
                }

                if (!char.IsLetter(c))
                {
                    hasDigitOrSymbol = true;
                }

                if (c == '_')
                {
                    hasUnderscore = true;
                }

                if (!(char.IsUpper(c) || char.IsDigit(c) || c == '_'))
                {
                    upperSnake = false;
                }
            }

            if (spaces >= 1 || (upperSnake && hasUnderscore))
            {
                return false; // prose / labels, environment-variable names
            }

            if (value.IndexOf("://", StringComparison.Ordinal) >= 0 || value[0] == '/' || value[0] == '~' || value[0] == '.'
                || value.IndexOf('\\') >= 0 || value.IndexOf('\n') >= 0)
            {
                return false; // URLs (REL503's business), paths
            }

            if (IsConfigurationKey(value))
            {
                return false; // "Jwt:Key", "ConnectionStrings:Db"
            }

            // Labels and keys contain the name or the credential word itself: "Password", "Enter password", "access_token",
            // "api-key-here". Real secrets do not.
            string lowerValue = value.ToLowerInvariant();
            string[] nameWords = NameWords.Split(name);
            if (nameWords.Length > 0 && lowerValue.Replace("_", "").Replace("-", "").IndexOf(string.Concat(nameWords), StringComparison.Ordinal) >= 0)
            {
                return false;
            }

            foreach (string w in nameWords)
            {
                if ((w == "key" || Array.IndexOf(StrongWords, w) >= 0) && lowerValue.IndexOf(w, StringComparison.Ordinal) >= 0)
                {
                    return false;
                }
            }

            foreach (string word in new[] { "password", "secret", "token", "apikey", "api_key", "api-key", "bearer", "basic" })
            {
                if (lowerValue.IndexOf(word, StringComparison.Ordinal) >= 0)
                {
                    return false;
                }
            }

            bool passwordLike = false;
            foreach (string w in NameWords.Split(name))
            {
                passwordLike |= w.StartsWith("pass", StringComparison.Ordinal) || w == "pwd" || w == "senha" || w.StartsWith("contrase", StringComparison.Ordinal);
            }

            if (passwordLike)
            {
                return true; // passwords may be short and may be words
            }

            // Tokens and keys are random and long: all-letter values ("Bearer", "existingSubscription") are names, short
            // values ("bd25") are codes, and GUIDs are identifiers far more often than secrets.
            return hasDigitOrSymbol && value.Length >= 8 && !IsGuid(value);
        }

        /// <summary>
        /// A made-up secret that names itself, as people write them in samples and services: <c>"my-super-secret-jwt-key-12345"</c>,
        /// <c>"ThisIsMySuperSecretKeyForJwt2024!"</c>, <c>"SuperSecretPassword123"</c>. <see cref="IsPlausibleSecretValue"/>
        /// rejects values that contain a credential word (labels such as <c>"api-key-here"</c>, <c>"access_token"</c>); these
        /// differ from labels by digits or password symbols. Audit-level evidence only (REL506).
        /// </summary>
        public static bool IsSelfDescribedSecret(string value)
        {
            if (value.Length < 10 || value.Length > 200 || IsPlaceholder(value, allowSelfDescribed: true) || value.IndexOf("://", StringComparison.Ordinal) >= 0
                || value.IndexOf('{') >= 0 || value[0] == '/' || value[0] == '~' || value[0] == '.' || value.IndexOf('\\') >= 0
                || IsConfigurationKey(value) || IsEmailAddress(value))
            {
                return false;
            }

            int digits = 0;
            bool symbol = false;
            foreach (char c in value)
            {
                if (char.IsWhiteSpace(c))
                {
                    return false;
                }

                digits += c >= '0' && c <= '9' ? 1 : 0;
                symbol |= "!@#$%^&*".IndexOf(c) >= 0;
            }

            if (digits < 2 && !symbol)
            {
                return false;
            }

            string lower = value.ToLowerInvariant();
            return lower.IndexOf("secret", StringComparison.Ordinal) >= 0 || lower.IndexOf("pass", StringComparison.Ordinal) >= 0
                || lower.IndexOf("pwd", StringComparison.Ordinal) >= 0 || lower.IndexOf("key", StringComparison.Ordinal) >= 0
                || lower.IndexOf("token", StringComparison.Ordinal) >= 0;
        }

        /// <summary>True when a credential-named symbol is a password (passwords may be short words with a digit).</summary>
        public static bool IsPasswordName(string name)
        {
            foreach (string w in NameWords.Split(name))
            {
                if (w.StartsWith("pass", StringComparison.Ordinal) || w == "pwd" || w == "senha" || w.StartsWith("contrase", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The REL502 warning gate: the value itself looks like a credential, not like something a person reads or a
        /// program looks up. Called after <see cref="IsPlausibleSecretValue"/> (no spaces, placeholders, URLs, paths,
        /// configuration keys or labels). The value is cut into segments at every character that is not a letter, a digit or a
        /// password symbol (<c>_ - . : / , ;</c> …); each segment is
        /// a word (letters), a number (digits), a word with a number after it (<c>v2</c>, <c>host01</c>, <c>XX0109</c>),
        /// mixed (letters and digits interleaved: <c>4f9a0c</c>, <c>s3cr3t</c>, <c>9z</c>) or carries a symbol
        /// (<c>! @ # $ % ^ &amp; * + = ~ ?</c>, base64 padding). Readable identifiers, kebab/snake words, diagnostic ids,
        /// versions, mime types and e-mail addresses consist of words and numbers only, so:
        /// <list type="bullet">
        /// <item>a format string (<c>{</c>) or an e-mail address is never a credential;</item>
        /// <item>a token or key needs 8+ characters and either a symbol, or letters and digits interleaved at least twice
        /// (<c>4f9a…</c>), or a long random-case word (16+ letters with frequent case changes, unlike camelCase);</item>
        /// <item>a password needs 6+ characters and a symbol or a segment with both letters and digits
        /// (<c>Passw0rd</c>, <c>admin123</c>, <c>hunter2</c>): seeded passwords are words with a digit.</item>
        /// </list>
        /// </summary>
        /// <summary>
        /// The keys Microsoft publishes for the Azure Storage emulator / Azurite (devstoreaccount1) and the Cosmos DB
        /// emulator: every local emulator accepts them, so they unlock nothing. Also Google's published reCAPTCHA test
        /// secret, with which every verification passes (phase 21: a web API's test and local settings).
        /// </summary>
        internal static bool IsPublishedTestKey(string value) =>
            value.StartsWith("Eby8vdM02xNO", StringComparison.Ordinal) || value.StartsWith("C2y6yDjf5", StringComparison.Ordinal)
            || string.Equals(value, "6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe", StringComparison.Ordinal);

        /// <summary>
        /// A base64url piece that starts like encoded JSON ('eyJ' = '{"') but is not a whole JSON Web Token (those are found
        /// before this check): a JWT header or detection prefix ('eyJ0eXAiOi' = '{"typ":') that a scrubber searches for.
        /// Without payload and signature it authenticates nothing.
        /// </summary>
        private static bool IsEncodedJsonFragment(string value)
        {
            if (!value.StartsWith("eyJ", StringComparison.Ordinal) || value.IndexOf('.') >= 0)
            {
                return false;
            }

            foreach (char c in value)
            {
                if (!Alnum(c) && c != '-' && c != '_' && c != '=')
                {
                    return false;
                }
            }

            return true;
        }

        public static bool LooksLikeCredential(string value, bool passwordLike)
        {
            if (value.Length < (passwordLike ? 6 : 8) || value.Length > 500 || value.IndexOf('{') >= 0 || value.IndexOf('}') >= 0 || IsEmailAddress(value)
                || (!passwordLike && (IsUpperCaseProtocolIdentifier(value) || IsLowerCaseWordSuffix(value))) || IsEncodedJsonFragment(value))
            {
                return false;
            }

            bool symbol = false;
            bool letterDigitSegment = false;
            int interleavings = 0;
            int longestWord = 0;
            int caseChangesInLongestWord = 0;
            int segmentStart = 0;
            for (int i = 0; i <= value.Length; i++)
            {
                char c = i < value.Length ? value[i] : '_';
                bool separator = !Alnum(c) && "!@#$%^&*+=~?|".IndexOf(c) < 0;
                if (!separator)
                {
                    if (!Alnum(c))
                    {
                        symbol = true;
                    }

                    continue;
                }

                // One segment [segmentStart, i): count letter/digit alternations and case changes.
                int letters = 0, digits = 0, alternations = 0, caseChanges = 0;
                for (int k = segmentStart; k < i; k++)
                {
                    char ch = value[k];
                    bool isLetter = char.IsLetter(ch);
                    bool isDigit = ch >= '0' && ch <= '9';
                    letters += isLetter ? 1 : 0;
                    digits += isDigit ? 1 : 0;
                    if (k > segmentStart)
                    {
                        char prev = value[k - 1];
                        bool prevLetter = char.IsLetter(prev);
                        bool prevDigit = prev >= '0' && prev <= '9';
                        if ((isLetter && prevDigit) || (isDigit && prevLetter))
                        {
                            alternations++;
                        }

                        if (isLetter && prevLetter && char.IsUpper(ch) != char.IsUpper(prev))
                        {
                            caseChanges++;
                        }
                    }
                }

                if (letters > 0 && digits > 0)
                {
                    letterDigitSegment = true;
                    // "v2", "host01", "XX0109" have one alternation, letters first; "4f9a", "9z" are interleaved.
                    bool wordThenNumber = alternations == 1 && char.IsLetter(value[segmentStart]);
                    if (!wordThenNumber)
                    {
                        interleavings += Math.Max(alternations, 2);
                    }
                }

                if (digits == 0 && letters > longestWord)
                {
                    longestWord = letters;
                    caseChangesInLongestWord = caseChanges;
                }

                segmentStart = i + 1;
            }

            if (symbol)
            {
                return true;
            }

            if (passwordLike)
            {
                return letterDigitSegment;
            }

            return interleavings >= 2 || (longestWord >= 16 && caseChangesInLongestWord * 10 >= longestWord * 3);
        }

        /// <summary>
        /// Lower-case words joined by '+' and '-', '.', '/': a media type's structured suffix ("dpop+jwt",
        /// "oauth-authz-req+jwt", "application/vnd.api+json"; phase 25, an OAuth library's JWT 'typ' constants). The '+'
        /// would otherwise count as a password symbol; a token or key is not made of dictionary-like lower-case words.
        /// </summary>
        internal static bool IsLowerCaseWordSuffix(string value)
        {
            if (value.Length > 60 || value.IndexOf('+') < 0)
            {
                return false;
            }

            char previous = '+';
            foreach (char c in value)
            {
                bool separator = c == '+' || c == '-' || c == '.' || c == '/';
                if (separator ? previous == '+' || previous == '-' || previous == '.' || previous == '/' : !(c >= 'a' && c <= 'z'))
                {
                    return false; // an empty segment, or a character that is not a lower-case letter
                }

                previous = c;
            }

            return previous >= 'a' && previous <= 'z';
        }

        /// <summary>
        /// A protocol or enum-like identifier: upper-case words and short groups joined by <c>+ - _ : .</c>, no lower case
        /// (<c>"E2U+EMAIL"</c>, <c>"SIPS+D2T"</c>, <c>"TLS_RSA_AES"</c>). Every group is a word (letters only), a number of at
        /// most four digits, or a mixed group of at most three characters, and at least one group is a word of two letters
        /// or more; a key of random groups (<c>"X7K9-QW3R-ZP8M"</c>) fails the group rule.
        /// </summary>
        internal static bool IsUpperCaseProtocolIdentifier(string value)
        {
            if (value.Length > 40)
            {
                return false;
            }

            int groups = 0;
            bool word = false;
            int start = 0;
            for (int i = 0; i <= value.Length; i++)
            {
                char c = i < value.Length ? value[i] : '+';
                bool separator = c == '+' || c == '-' || c == '_' || c == ':' || c == '.';
                if (!separator)
                {
                    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
                    {
                        return false;
                    }

                    continue;
                }

                int length = i - start;
                if (length == 0)
                {
                    return false;
                }

                int letters = 0;
                for (int k = start; k < i; k++)
                {
                    letters += value[k] >= 'A' && value[k] <= 'Z' ? 1 : 0;
                }

                bool ok = letters == length || (letters == 0 && length <= 4) || length <= 3;
                if (!ok)
                {
                    return false;
                }

                word |= letters == length && length >= 2;
                groups++;
                start = i + 1;
            }

            return groups >= 2 && word;
        }

        private static bool IsEmailAddress(string value)
        {
            int at = value.IndexOf('@');
            if (at <= 0 || at != value.LastIndexOf('@') || value.IndexOf('.', at) < 0)
            {
                return false;
            }

            foreach (char c in value)
            {
                if (!(Alnum(c) || c == '@' || c == '.' || c == '_' || c == '-' || c == '+'))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsGuid(string value)
        {
            if (value.Length != 36)
            {
                return false;
            }

            for (int i = 0; i < 36; i++)
            {
                bool dash = i == 8 || i == 13 || i == 18 || i == 23;
                if (dash ? value[i] != '-' : !Hex(value[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsConfigurationKey(string value)
        {
            int colon = value.IndexOf(':');
            if (colon <= 0 || colon == value.Length - 1)
            {
                return false;
            }

            foreach (char c in value)
            {
                if (!(char.IsLetterOrDigit(c) || c == ':' || c == '_' || c == '.'))
                {
                    return false;
                }
            }

            return char.IsUpper(value[0]) && char.IsUpper(value[colon + 1]);
        }

        // ---------------------------------------------------------------- REL505: endpoints

        /// <summary>An absolute non-loopback URL with a network scheme, or a host:port; returns the host's length, 0 otherwise.</summary>
        public static bool IsOutboundEndpoint(string value, out string scheme)
        {
            scheme = "";
            if (value is null || value.Length < 8 || value.Length > 2048)
            {
                return false;
            }

            int sep = value.IndexOf("://", StringComparison.Ordinal);
            string host;
            if (sep > 0)
            {
                scheme = value.Substring(0, sep).ToLowerInvariant();
                if (Array.IndexOf(NetworkSchemes, scheme) < 0)
                {
                    return false;
                }

                int start = sep + 3;
                int end = start;
                while (end < value.Length && value[end] != '/' && value[end] != '?' && value[end] != '#')
                {
                    end++;
                }

                host = value.Substring(start, end - start);
                int at = host.LastIndexOf('@');
                if (at >= 0)
                {
                    host = host.Substring(at + 1);
                }
            }
            else
            {
                // host:port (redis.internal:6379, api.vendor.com:443)
                int colon = value.LastIndexOf(':');
                if (colon <= 0 || colon >= value.Length - 1 || value.IndexOf('.') < 0)
                {
                    return false;
                }

                for (int i = colon + 1; i < value.Length; i++)
                {
                    if (value[i] < '0' || value[i] > '9')
                    {
                        return false;
                    }
                }

                for (int i = 0; i < colon; i++)
                {
                    char c = value[i];
                    if (!(Alnum(c) || c == '.' || c == '-'))
                    {
                        return false;
                    }
                }

                scheme = "host:port";
                host = value;
            }

            int portColon = host.LastIndexOf(':');
            if (portColon > 0 && host.IndexOf(']') < portColon)
            {
                host = host.Substring(0, portColon);
            }

            host = host.ToLowerInvariant();
            if (host.Length == 0 || host.IndexOf('{') >= 0 || host.IndexOf('$') >= 0 || host.IndexOf('*') >= 0 || host.IndexOf('+') >= 0)
            {
                return false; // templates and wildcard bindings
            }

            if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal) || host.StartsWith("127.", StringComparison.Ordinal)
                || host == "[::1]" || host == "0.0.0.0" || host == "[::]" || host == "host.docker.internal"
                || host.EndsWith(".local", StringComparison.Ordinal) || host.EndsWith(".test", StringComparison.Ordinal)
                || host.EndsWith(".invalid", StringComparison.Ordinal) || host.EndsWith(".example", StringComparison.Ordinal)
                || host.IndexOf("example.", StringComparison.Ordinal) >= 0 || host.IndexOf('.') < 0
                || host.StartsWith("169.254.", StringComparison.Ordinal) || host == "[fd00:ec2::254]" || host == "metadata.google.internal")
            {
                // loopback, reserved and single-label (container/service-name) hosts; link-local addresses, where the
                // clouds serve instance metadata at a fixed address (169.254.169.254) that no configuration changes
                return false;
            }

            foreach (string doc in DocumentationHosts)
            {
                if (host == doc || host.EndsWith("." + doc, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A bare DNS name with a top-level domain (<c>smtp.vendor.com</c>, lowercase, not a file name) or an IPv4
        /// address, neither loopback, wildcard, reserved nor documentation (192.0.2.x, 198.51.100.x, 203.0.113.x).
        /// </summary>
        public static bool IsBareHostOrAddress(string value, out string kind)
        {
            kind = "";
            if (value.Length < 7 || value.Length > 253 || value.IndexOf('.') < 0)
            {
                return false;
            }

            int dots = 0;
            bool allDigits = true;
            foreach (char c in value)
            {
                if (c == '.')
                {
                    dots++;
                }
                else if (c >= '0' && c <= '9')
                {
                }
                else if ((c >= 'a' && c <= 'z') || c == '-')
                {
                    allDigits = false;
                }
                else
                {
                    return false; // uppercase (namespaces, type names), paths, templates
                }
            }

            if (allDigits)
            {
                string[] octets = value.Split('.');
                if (dots != 3 || octets.Length != 4)
                {
                    return false; // versions
                }

                foreach (string o in octets)
                {
                    if (o.Length == 0 || o.Length > 3 || int.Parse(o, System.Globalization.CultureInfo.InvariantCulture) > 255)
                    {
                        return false;
                    }
                }

                if (octets[3] == "0" || octets[3] == "255" || octets[0] == "255")
                {
                    return false; // network addresses (ACL ranges "10.0.0.0"/8), broadcast addresses and netmasks
                }

                if (value.StartsWith("127.", StringComparison.Ordinal) || value.StartsWith("0.", StringComparison.Ordinal)
                    || value == "255.255.255.255" || value.StartsWith("192.0.2.", StringComparison.Ordinal)
                    || value.StartsWith("198.51.100.", StringComparison.Ordinal) || value.StartsWith("203.0.113.", StringComparison.Ordinal)
                    || value.StartsWith("169.254.", StringComparison.Ordinal) || value.StartsWith("224.", StringComparison.Ordinal))
                {
                    return false;
                }

                kind = "IP address";
                return true;
            }

            int lastDot = value.LastIndexOf('.');
            string tld = value.Substring(lastDot + 1);
            if (tld.Length < 2 || Array.IndexOf(FileExtensions, tld) >= 0 || (tld.Length > 3 && Array.IndexOf(LongTopLevelDomains, tld) < 0))
            {
                return false; // file names; dotted attribute names ("server.address", "network.peer.address", "host.name")
            }

            foreach (char c in tld)
            {
                if (c < 'a' || c > 'z')
                {
                    return false;
                }
            }

            string host = value;
            if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal) || host.EndsWith(".local", StringComparison.Ordinal)
                || host.EndsWith(".test", StringComparison.Ordinal) || host.EndsWith(".invalid", StringComparison.Ordinal)
                || host.EndsWith(".example", StringComparison.Ordinal) || host == "host.docker.internal"
                || host.IndexOf("example.", StringComparison.Ordinal) >= 0)
            {
                return false;
            }

            foreach (string doc in DocumentationHosts)
            {
                if (host == doc || host.EndsWith("." + doc, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            kind = "host name";
            return true;
        }

        private static readonly string[] LongTopLevelDomains =
        {
            "info", "tech", "shop", "site", "live", "blog", "club", "zone", "asia", "mobi", "cloud", "online", "digital",
            "systems", "services", "solutions", "company", "global", "website", "store", "media", "email", "africa",
        };

        private static readonly string[] FileExtensions =
        {
            "json", "xml", "txt", "dll", "exe", "cs", "config", "yaml", "yml", "log", "csv", "png", "jpg", "jpeg", "gif", "svg",
            "html", "htm", "js", "css", "md", "pdf", "zip", "db", "sqlite", "pem", "pfx", "crt", "cer", "key", "pdb", "nupkg",
            "resx", "sln", "csproj", "props", "targets", "ps1", "sh", "cmd", "bat", "ico", "woff", "ttf", "map", "tmp", "bak",
        };

        private static readonly string[] NetworkSchemes =
        {
            "http", "https", "ws", "wss", "tcp", "udp", "redis", "rediss", "amqp", "amqps", "mqtt", "mqtts", "grpc", "nats",
            "kafka", "mongodb", "mongodb+srv", "postgres", "postgresql", "mysql", "sb", "ftp", "sftp", "smtp", "smtps",
        };

        private static readonly string[] DocumentationHosts =
        {
            "w3.org", "xmlsoap.org", "schemas.microsoft.com", "schemas.openxmlformats.org", "purl.org", "ietf.org",
            "json-schema.org", "schema.org", "openid.net", "oasis-open.org", "docs.microsoft.com", "learn.microsoft.com",
            "aka.ms", "go.microsoft.com", "github.com", "opensource.org", "apache.org", "wikipedia.org", "stackoverflow.com",
            "semver.org", "tempuri.org", "microsoft.com/schemas", "xml.org", "iana.org", "rfc-editor.org",
        };

        /// <summary>A message-safe description: never the value, only the length and a public prefix.</summary>
        public static string PrefixText(string prefix) => prefix.Length == 0 ? "" : ", prefix '" + prefix + "…'";
    }
}
