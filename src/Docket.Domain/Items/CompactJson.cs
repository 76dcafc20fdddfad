using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Docket.Domain.Items;

/// <summary>
/// The text of a JSON value without the whitespace between tokens. Tokens themselves (string escapes, number
/// spellings) are copied byte for byte, which re-serializing would not do (it re-escapes strings); the whitespace
/// is dropped because stored size is limited and a pretty-printed file's indentation would count against it.
/// </summary>
static class CompactJson
{
    static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\r\n"u8);
    static readonly SearchValues<byte> WhitespaceOrQuote = SearchValues.Create(" \t\r\n\""u8);
    static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create("\"\\"u8);

    public static string Of(JsonElement element)
    {
        // The document has already been validated, so its raw bytes are well-formed JSON and valid UTF-8.
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (!raw.ContainsAny(Whitespace))
            return Encoding.UTF8.GetString(raw);

        var buffer = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var length = 0;
            var rest = raw;
            while (!rest.IsEmpty)
            {
                var stop = rest.IndexOfAny(WhitespaceOrQuote);
                if (stop < 0)
                {
                    rest.CopyTo(buffer.AsSpan(length));
                    length += rest.Length;
                    break;
                }
                rest[..stop].CopyTo(buffer.AsSpan(length));
                length += stop;
                rest = rest[stop..];

                if (rest[0] == (byte)'"')
                {
                    var end = EndOfString(rest);
                    rest[..end].CopyTo(buffer.AsSpan(length));
                    length += end;
                    rest = rest[end..];
                }
                else
                {
                    var next = rest.IndexOfAnyExcept(Whitespace);
                    rest = next < 0 ? [] : rest[next..];
                }
            }
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The length of the string token that <paramref name="json"/> starts with, quotes included.</summary>
    static int EndOfString(ReadOnlySpan<byte> json)
    {
        var i = 1;
        while (true)
        {
            i += json[i..].IndexOfAny(QuoteOrBackslash);
            if (json[i] == (byte)'"')
                return i + 1;
            i += 2;
        }
    }
}
