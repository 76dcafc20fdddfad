using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Docket.Domain.Items;

/// <summary>
/// Parses and validates a whole items file. Uploads are all or nothing, so it never stops at the first problem:
/// people fix a file in one round only if they are shown everything that is wrong with it (up to
/// <see cref="ItemsFileLimits.MaxListedErrors"/> problems, and how many there are beyond).
/// </summary>
/// <remarks>
/// Conventions: a field set to JSON null means the same as a field left out (exporting tools often write nulls);
/// field names and stage names are case-sensitive; entry fields Docket does not know are ignored, not rejected,
/// so files exported by other tools with bookkeeping fields of their own can be uploaded as they are. A known
/// field given twice in one object is an error, because which of the two values counts would otherwise depend on
/// the reader. A malformed file gets one error and nothing else: past a syntax error, nothing can be trusted.
/// </remarks>
public static class ItemsFileParser
{
    public static ItemsFileParseResult Parse(ReadOnlyMemory<byte> utf8Json, ItemsFileRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);

        // Editors on Windows like to save with a byte order mark, which the JSON reader would reject.
        if (utf8Json.Span.StartsWith(Encoding.UTF8.Preamble))
            utf8Json = utf8Json[Encoding.UTF8.Preamble.Length..];

        // Checked up front so that bad bytes are reported with their place, instead of surfacing later as an
        // exception when a string is read.
        if (!Utf8.IsValid(utf8Json.Span))
            return FileError(Malformed(utf8Json.Span, FirstInvalidUtf8(utf8Json.Span), "the file is not valid UTF-8"));

        try
        {
            return ParseEntries(utf8Json, rules);
        }
        catch (JsonException e)
        {
            return FileError(Malformed(e));
        }
    }

    /// <summary>
    /// The reader walks the file once to find each entry's bytes; the entry is then read from a small document
    /// over those bytes (not a copy), so the memory needed beyond the file and the results is one entry's worth,
    /// rather than a document of the whole file.
    /// </summary>
    static ItemsFileParseResult ParseEntries(ReadOnlyMemory<byte> utf8Json, ItemsFileRules rules)
    {
        var json = new Utf8JsonReader(utf8Json.Span);
        json.Read();
        if (json.TokenType != JsonTokenType.StartArray)
        {
            // Read to the end first: a broken file is reported as malformed rather than as the wrong shape.
            json.Skip();
            json.Read();
            return FileError("the file must be a JSON array of entries");
        }

        var entries = new List<ItemsFileEntry>();
        var errors = new ItemsFileErrors();
        var reader = new ItemsFileEntryReader(rules, errors);
        var index = 0;
        while (json.Read() && json.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)json.TokenStartIndex;
            json.Skip();
            var length = (int)json.BytesConsumed - start;
            using (var entry = JsonDocument.Parse(utf8Json.Slice(start, length)))
            {
                if (reader.Read(entry.RootElement, index) is { } valid)
                    entries.Add(valid);
            }
            index++;
        }
        // Fails on anything but whitespace after the array.
        json.Read();

        if (index == 0)
            return FileError("the file has no entries");
        return new ItemsFileParseResult(entries, errors.Listed, errors.Count);
    }

    static ItemsFileParseResult FileError(string message) =>
        new([], [new ItemsFileError(null, null, "$", message)], 1);

    static string Malformed(JsonException e)
    {
        // The reader appends its own 0-based "LineNumber: … | BytePositionInLine: …"; people count from 1.
        var reason = e.Message;
        var suffix = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix >= 0)
            reason = reason[..suffix];
        return Malformed(e.LineNumber ?? 0, e.BytePositionInLine ?? 0, reason);
    }

    static string Malformed(ReadOnlySpan<byte> utf8, int offset, string reason)
    {
        var before = utf8[..offset];
        var line = before.Count((byte)'\n');
        var position = offset - (before.LastIndexOf((byte)'\n') + 1);
        return Malformed(line, position, reason);
    }

    static string Malformed(long zeroBasedLine, long zeroBasedBytePosition, string reason) =>
        $"malformed JSON at line {zeroBasedLine + 1}, position {zeroBasedBytePosition + 1}: {reason}";

    static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length
            && Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == OperationStatus.Done)
            offset += consumed;
        return offset;
    }
}
