using System;
using System.Collections.Generic;

namespace ReliabilityAnalyzers.Infrastructure.Baseline
{
    /// <summary>
    /// Reads a baseline in the one form <see cref="BaselineDocument.Write"/> produces (any JSON whitespace between tokens,
    /// keys in the written order, strings without escapes or control characters, <c>"version": 1</c>, integer counts)
    /// straight into the suppressor's index, without building a JSON tree or an entry object per line. Anything else,
    /// including every malformed file, returns null and the caller uses the strict reader, which gives the same entries for
    /// every file this one accepts and the diagnostics for the rest.
    /// </summary>
    internal sealed class BaselineFastReader
    {
        private readonly char[] _text;
        private readonly int _length;
        private int _pos;

        private BaselineFastReader(char[] text, int length)
        {
            _text = text;
            _length = length;
        }

        /// <summary>Entries by relative path, or null when the text is not in the written form.</summary>
        public static Dictionary<string, BaselineFileEntries>? TryRead(char[] text, int length)
        {
            var reader = new BaselineFastReader(text, length);
            return reader.Read();
        }

        private Dictionary<string, BaselineFileEntries>? Read()
        {
            if (!Token('{') || !Key("version") || !Token('1') || !Token(',') || !Key("entries") || !Token('['))
            {
                return null;
            }

            var files = new Dictionary<string, BaselineFileEntries>(StringComparer.OrdinalIgnoreCase);
            string? lastPath = null;
            BaselineFileEntries? file = null;
            string? lastRule = null;
            SkipWhitespace();
            if (_pos < _length && _text[_pos] == ']')
            {
                _pos++;
            }
            else
            {
                while (true)
                {
                    if (!Token('{') || !Key("rule") || !String(out int ruleStart, out int ruleLength) || ruleLength == 0 ||
                        !Token(',') || !Key("path") || !String(out int pathStart, out int pathLength) || pathLength == 0 ||
                        !Token(',') || !Key("member") || !String(out int memberStart, out int memberLength) ||
                        !Token(',') || !Key("fingerprint") || !String(out int fpStart, out int fpLength) || fpLength != 16 ||
                        !Token(',') || !Key("count") || !Integer(out int count) || !Token('}'))
                    {
                        return null;
                    }

                    ulong? fingerprint = Hex(fpStart);
                    if (fingerprint is null)
                    {
                        return null;
                    }

                    if (lastPath is null || !Same(lastPath, pathStart, pathLength))
                    {
                        lastPath = new string(_text, pathStart, pathLength);
                        if (!files.TryGetValue(lastPath, out file))
                        {
                            files[lastPath] = file = new BaselineFileEntries();
                        }
                    }

                    if (lastRule is null || !Same(lastRule, ruleStart, ruleLength))
                    {
                        lastRule = new string(_text, ruleStart, ruleLength);
                    }

                    file!.Add(lastRule, memberLength == 0 ? string.Empty : new string(_text, memberStart, memberLength), fingerprint.Value, count);

                    SkipWhitespace();
                    if (_pos >= _length)
                    {
                        return null;
                    }

                    char c = _text[_pos++];
                    if (c == ']')
                    {
                        break;
                    }

                    if (c != ',')
                    {
                        return null;
                    }
                }
            }

            if (!Token('}'))
            {
                return null;
            }

            SkipWhitespace();
            return _pos == _length ? files : null;
        }

        private bool Same(string s, int start, int length)
        {
            if (s.Length != length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (s[i] != _text[start + i])
                {
                    return false;
                }
            }

            return true;
        }

        private void SkipWhitespace()
        {
            while (_pos < _length)
            {
                char c = _text[_pos];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                {
                    _pos++;
                }
                else
                {
                    return;
                }
            }
        }

        private bool Token(char expected)
        {
            SkipWhitespace();
            if (_pos < _length && _text[_pos] == expected)
            {
                _pos++;
                return true;
            }

            return false;
        }

        /// <summary>A quoted name (no escapes) followed by a colon.</summary>
        private bool Key(string name)
        {
            SkipWhitespace();
            if (_pos + name.Length + 2 > _length || _text[_pos] != '"' || _text[_pos + name.Length + 1] != '"' || !Same(name, _pos + 1, name.Length))
            {
                return false;
            }

            _pos += name.Length + 2;
            return Token(':');
        }

        /// <summary>A string without escapes or control characters (every string the tool writes for real paths and members).</summary>
        private bool String(out int start, out int length)
        {
            start = 0;
            length = 0;
            SkipWhitespace();
            if (_pos >= _length || _text[_pos] != '"')
            {
                return false;
            }

            int i = _pos + 1;
            for (; i < _length; i++)
            {
                char c = _text[i];
                if (c == '"')
                {
                    start = _pos + 1;
                    length = i - start;
                    _pos = i + 1;
                    return true;
                }

                if (c == '\\' || c < ' ')
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>1 to 999,999,999 written without sign, fraction, exponent or leading zero.</summary>
        private bool Integer(out int value)
        {
            value = 0;
            SkipWhitespace();
            int digits = 0;
            while (_pos < _length && _text[_pos] >= '0' && _text[_pos] <= '9')
            {
                if (digits == 0 && _text[_pos] == '0')
                {
                    return false;
                }

                if (++digits > 9)
                {
                    return false;
                }

                value = value * 10 + (_text[_pos] - '0');
                _pos++;
            }

            // A fraction or exponent after the digits is the strict reader's business.
            return digits > 0 && (_pos >= _length || (_text[_pos] != '.' && _text[_pos] != 'e' && _text[_pos] != 'E'));
        }

        private ulong? Hex(int start)
        {
            ulong value = 0;
            for (int i = start; i < start + 16; i++)
            {
                char c = _text[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (digit < 0)
                {
                    return null;
                }

                value = (value << 4) | (uint)digit;
            }

            return value;
        }
    }
}
