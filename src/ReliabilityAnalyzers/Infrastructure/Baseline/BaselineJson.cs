using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace ReliabilityAnalyzers.Infrastructure.Baseline
{
    /// <summary>A JSON syntax error, with the 1-based line and column where it was found.</summary>
    internal sealed class BaselineFormatException : Exception
    {
        public BaselineFormatException(string message, int line, int column)
            : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>
    /// A small, strict JSON reader (RFC 8259: no comments, no trailing commas, no single quotes) for the baseline file,
    /// so the analyzer assembly ships without a JSON library. Objects become <see cref="Dictionary{TKey,TValue}"/>
    /// (string → object?), arrays <see cref="List{T}"/>, numbers <see cref="double"/>, plus string, bool and null.
    /// </summary>
    internal sealed class BaselineJson
    {
        private const int MaxDepth = 64;
        private readonly CharSource _text;
        private int _pos;

        private BaselineJson(CharSource text)
        {
            _text = text;
        }

        public static object? Parse(string text) => Parse(new CharSource(text));

        /// <summary>Reads straight from the SourceText in chunks: a large baseline is never copied into one large string.</summary>
        public static object? Parse(SourceText text) => Parse(new CharSource(text));

        private static object? Parse(CharSource text)
        {
            var reader = new BaselineJson(text);
            int start = 0;
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                start = 1;
            }

            reader._pos = start;
            reader.SkipWhitespace();
            object? value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._pos < text.Length)
            {
                throw reader.Error("unexpected '" + text[reader._pos] + "' after the end of the document");
            }

            return value;
        }

        private object? ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("nesting is deeper than " + MaxDepth);
            }

            if (_pos >= _text.Length)
            {
                throw Error("unexpected end of file");
            }

            char c = _text[_pos];
            switch (c)
            {
                case '{': return ReadObject(depth);
                case '[': return ReadArray(depth);
                case '"': return ReadString();
                case 't': ReadLiteral("true"); return true;
                case 'f': ReadLiteral("false"); return false;
                case 'n': ReadLiteral("null"); return null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ReadNumber();
                    }

                    throw Error("unexpected '" + c + "'");
            }
        }

        private Dictionary<string, object?> ReadObject(int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            _pos++; // {
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    throw Error("expected a property name in double quotes");
                }

                string name = ReadString();
                if (result.ContainsKey(name))
                {
                    throw Error("duplicate property '" + name + "'");
                }

                SkipWhitespace();
                Expect(':');
                SkipWhitespace();
                result[name] = ReadValue(depth + 1);
                SkipWhitespace();
                char c = Peek();
                if (c == ',')
                {
                    _pos++;
                    continue;
                }

                if (c == '}')
                {
                    _pos++;
                    return result;
                }

                throw Error("expected ',' or '}'");
            }
        }

        private List<object?> ReadArray(int depth)
        {
            var result = new List<object?>();
            _pos++; // [
            SkipWhitespace();
            if (Peek() == ']')
            {
                _pos++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                result.Add(ReadValue(depth + 1));
                SkipWhitespace();
                char c = Peek();
                if (c == ',')
                {
                    _pos++;
                    continue;
                }

                if (c == ']')
                {
                    _pos++;
                    return result;
                }

                throw Error("expected ',' or ']'");
            }
        }

        private string ReadString()
        {
            _pos++; // opening quote

            // Fast path: no escapes and no control characters before the closing quote (every string of a baseline).
            for (int i = _pos; i < _text.Length; i++)
            {
                char c = _text[i];
                if (c == '"')
                {
                    string value = _text.Substring(_pos, i - _pos);
                    _pos = i + 1;
                    return value;
                }

                if (c == '\\' || c < ' ')
                {
                    break;
                }
            }

            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                char c = _text[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c < ' ')
                {
                    _pos--;
                    throw Error("control character in a string");
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                char e = _text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length
                            || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        {
                            throw Error("invalid \\u escape");
                        }

                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        _pos--;
                        throw Error("invalid escape '\\" + e + "'");
                }
            }
        }

        private double ReadNumber()
        {
            int start = _pos;

            // Fast path: a small non-negative integer (every number of a baseline).
            long integer = 0;
            int end = _pos;
            while (end < _text.Length && end - _pos < 15 && IsDigit(_text[end]))
            {
                integer = (integer * 10) + (_text[end] - '0');
                end++;
            }

            if (end > _pos && (end == _pos + 1 || _text[_pos] != '0')
                && (end >= _text.Length || (_text[end] != '.' && _text[end] != 'e' && _text[end] != 'E' && !IsDigit(_text[end]))))
            {
                _pos = end;
                return integer;
            }

            if (Peek() == '-')
            {
                _pos++;
            }

            if (Peek() == '0')
            {
                _pos++;
            }
            else if (IsDigit(Peek()))
            {
                while (IsDigit(Peek()))
                {
                    _pos++;
                }
            }
            else
            {
                throw Error("invalid number");
            }

            if (Peek() == '.')
            {
                _pos++;
                if (!IsDigit(Peek()))
                {
                    throw Error("invalid number");
                }

                while (IsDigit(Peek()))
                {
                    _pos++;
                }
            }

            if (Peek() == 'e' || Peek() == 'E')
            {
                _pos++;
                if (Peek() == '+' || Peek() == '-')
                {
                    _pos++;
                }

                if (!IsDigit(Peek()))
                {
                    throw Error("invalid number");
                }

                while (IsDigit(Peek()))
                {
                    _pos++;
                }
            }

            return double.Parse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private void ReadLiteral(string literal)
        {
            for (int i = 0; i < literal.Length; i++)
            {
                if (_pos + i >= _text.Length || _text[_pos + i] != literal[i])
                {
                    throw Error("unexpected '" + _text[_pos] + "'");
                }
            }

            _pos += literal.Length;
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error("expected '" + c + "'");
            }

            _pos++;
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                {
                    _pos++;
                }
                else
                {
                    break;
                }
            }
        }

        private BaselineFormatException Error(string message)
        {
            int line = 1;
            int column = 1;
            int end = Math.Min(_pos, _text.Length);
            for (int i = 0; i < end; i++)
            {
                if (_text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }

            if (_pos >= _text.Length && message.IndexOf("end of file", StringComparison.Ordinal) < 0 && message.IndexOf("unterminated", StringComparison.Ordinal) < 0)
            {
                message += " (at end of file)";
            }

            return new BaselineFormatException(message, line, column);
        }

        /// <summary>Writes a JSON string literal (quotes and escapes) to <paramref name="sb"/>.</summary>
        public static void WriteString(StringBuilder sb, string value)
        {
            sb.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            sb.Append('"');
        }
    }

    /// <summary>Characters of a string or of a SourceText (read through a 4K window, so no large copy is made).</summary>
    internal sealed class CharSource
    {
        private const int Window = 4096;
        private readonly string? _string;
        private readonly SourceText? _sourceText;
        private readonly char[]? _buffer;
        private int _bufferStart = -1;
        private int _bufferLength;

        public CharSource(string text)
        {
            _string = text;
            Length = text.Length;
        }

        public CharSource(SourceText text)
        {
            _sourceText = text;
            _buffer = new char[Window];
            Length = text.Length;
        }

        public int Length { get; }

        public char this[int index]
        {
            get
            {
                if (_string != null)
                {
                    return _string[index];
                }

                if (index < _bufferStart || index >= _bufferStart + _bufferLength)
                {
                    if (index < 0 || index >= Length)
                    {
                        throw new IndexOutOfRangeException();
                    }

                    _bufferStart = index;
                    _bufferLength = Math.Min(Window, Length - index);
                    _sourceText!.CopyTo(index, _buffer!, 0, _bufferLength);
                }

                return _buffer![index - _bufferStart];
            }
        }

        public string Substring(int start, int length)
        {
            if (_string != null)
            {
                return _string.Substring(start, length);
            }

            if (start >= _bufferStart && start + length <= _bufferStart + _bufferLength)
            {
                return new string(_buffer!, start - _bufferStart, length);
            }

            return _sourceText!.ToString(new TextSpan(start, length));
        }
    }
}
