using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Domain.Items;

/// <summary>
/// Parses and validates a whole items file. Uploads are all or nothing, so it never stops at the first problem:
/// people fix a file in one round only if they are shown everything that is wrong with it.
/// </summary>
/// <remarks>
/// Conventions: a field set to JSON null means the same as a field left out (exporting tools often write nulls);
/// field names are case-sensitive; entry fields Docket does not know are ignored, not rejected, so files exported
/// by other tools with bookkeeping fields of their own can be uploaded as they are. A known field given twice in
/// one object is an error, because which of the two values counts would otherwise depend on the reader.
/// </remarks>
public static class ItemsFileParser
{
    static readonly IReadOnlyDictionary<string, string> Empty = ReadOnlyDictionary<string, string>.Empty;

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

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            return FileError(Malformed(e));
        }

        using (document)
        {
            return ParseEntries(document.RootElement, rules);
        }
    }

    static ItemsFileParseResult ParseEntries(JsonElement root, ItemsFileRules rules)
    {
        if (root.ValueKind != JsonValueKind.Array)
            return FileError("the file must be a JSON array of entries");
        var count = root.GetArrayLength();
        if (count == 0)
            return FileError("the file has no entries");

        var entries = new List<ItemsFileEntry>(count);
        var errors = new List<ItemsFileError>();
        var firstIndexByName = new Dictionary<string, int>(count, StringComparer.Ordinal);
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            if (ParseEntry(element, new EntryErrors(index, errors), index, rules, firstIndexByName) is { } entry)
                entries.Add(entry);
            index++;
        }
        return new ItemsFileParseResult(entries, errors);
    }

    static ItemsFileEntry? ParseEntry(
        JsonElement element, EntryErrors errors, int index, ItemsFileRules rules, Dictionary<string, int> firstIndexByName)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "must be an object");
            return null;
        }

        JsonElement? name = null, series = null, legacyItems = null, metaData = null, priority = null,
            preAssign = null, classification = null;
        List<string>? repeated = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "name": Take(ref name, property, ref repeated); break;
                case "series": Take(ref series, property, ref repeated); break;
                case "items": Take(ref legacyItems, property, ref repeated); break;
                case "metaData": Take(ref metaData, property, ref repeated); break;
                case "priority": Take(ref priority, property, ref repeated); break;
                case "preAssign": Take(ref preAssign, property, ref repeated); break;
                case "classification": Take(ref classification, property, ref repeated); break;
                // Anything else is deliberately ignored (see the remarks on the class).
            }
        }

        // The name comes first so that every other error of the entry can carry it.
        var validName = ReadName(name, errors);
        if (validName is not null)
        {
            errors.Name = validName;
            if (firstIndexByName.TryGetValue(validName, out var firstIndex))
                errors.Add("name", $"duplicate of the entry at index {firstIndex}");
            else
                firstIndexByName.Add(validName, index);
        }
        foreach (var field in repeated ?? [])
            errors.Add(field, "appears more than once in the entry");

        var seriesJson = ReadSeries(series, legacyItems, errors);
        var metaDataValues = ReadMetaData(metaData, errors);
        var priorityValue = ReadPriority(priority, errors);
        var assignees = ReadPreAssign(preAssign, rules, errors);
        var classificationJson = ReadClassification(classification, errors);

        if (errors.Any)
            return null;
        return new ItemsFileEntry(index, validName!, seriesJson!, metaDataValues, priorityValue, assignees, classificationJson);
    }

    static void Take(ref JsonElement? slot, JsonProperty property, ref List<string>? repeated)
    {
        if (slot is not null)
            (repeated ??= []).Add(property.Name);
        slot = property.Value.ValueKind == JsonValueKind.Null ? default(JsonElement) : property.Value;
    }

    /// <summary>Absent and JSON null both count as "not given" (<see cref="Take"/> turns null into default).</summary>
    static bool IsGiven(JsonElement? value, out JsonElement element)
    {
        element = value.GetValueOrDefault();
        return element.ValueKind != JsonValueKind.Undefined;
    }

    static string? ReadName(JsonElement? value, EntryErrors errors)
    {
        if (!IsGiven(value, out var element))
        {
            errors.Add("name", "is required");
            return null;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add("name", "must be a string");
            return null;
        }
        var name = element.GetString()!;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "must not be empty or whitespace");
            return null;
        }
        if (name.Length > ItemsFileLimits.MaxNameLength)
        {
            errors.Add("name", $"must be at most {ItemsFileLimits.MaxNameLength} characters (it has {name.Length})");
            return null;
        }
        return name;
    }

    static string? ReadSeries(JsonElement? seriesValue, JsonElement? legacyItemsValue, EntryErrors errors)
    {
        var hasSeries = IsGiven(seriesValue, out var series);
        var hasLegacyItems = IsGiven(legacyItemsValue, out var legacyItems);
        if (!hasSeries && !hasLegacyItems)
        {
            errors.Add("series", "is required (or the legacy items field)");
            return null;
        }
        if (hasSeries && hasLegacyItems)
        {
            errors.Add("series", "give either series or the legacy items field, not both");
            // Both are still checked, so that the next attempt does not fail on something already visible now.
            CheckSeries(series, errors);
            CheckItems(legacyItems, seriesIndex: null, errors);
            return null;
        }

        if (hasLegacyItems)
        {
            if (!CheckItems(legacyItems, seriesIndex: null, errors))
                return null;
            // Stored in the series shape, so that everything downstream handles one form only.
            return WithinLimit("[{\"items\":" + CompactJson.Of(legacyItems) + "}]", "items", ItemsFileLimits.MaxSeriesJsonLength, errors);
        }

        if (!CheckSeries(series, errors))
            return null;
        return WithinLimit(CompactJson.Of(series), "series", ItemsFileLimits.MaxSeriesJsonLength, errors);
    }

    static bool CheckSeries(JsonElement series, EntryErrors errors)
    {
        if (series.ValueKind != JsonValueKind.Array)
        {
            errors.Add("series", "must be a list of series objects");
            return false;
        }
        if (series.GetArrayLength() == 0)
        {
            errors.Add("series", "must not be empty");
            return false;
        }

        var valid = true;
        var seriesIndex = 0;
        foreach (var one in series.EnumerateArray())
        {
            valid &= CheckOneSeries(one, seriesIndex, errors);
            seriesIndex++;
        }
        return valid;
    }

    /// <summary>Only <c>items</c> is checked; every other series field belongs to the viewers and is kept as given.</summary>
    static bool CheckOneSeries(JsonElement series, int seriesIndex, EntryErrors errors)
    {
        if (series.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"series[{seriesIndex}]", "must be an object");
            return false;
        }

        var items = default(JsonElement);
        var itemsCount = 0;
        foreach (var property in series.EnumerateObject())
        {
            if (property.NameEquals("items"))
            {
                items = property.Value;
                itemsCount++;
            }
        }
        if (itemsCount > 1)
        {
            errors.Add(ItemsField(seriesIndex), "appears more than once in the series");
            return false;
        }
        if (items.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            errors.Add(ItemsField(seriesIndex), "is required");
            return false;
        }
        return CheckItems(items, seriesIndex, errors);
    }

    /// <summary>Checks the items of a series, or the entry-level items of the legacy form when seriesIndex is null.</summary>
    static bool CheckItems(JsonElement items, int? seriesIndex, EntryErrors errors)
    {
        switch (items.ValueKind)
        {
            case JsonValueKind.String:
                if (IsBlank(items))
                {
                    errors.Add(ItemsField(seriesIndex), "must not be empty");
                    return false;
                }
                return true;

            case JsonValueKind.Array:
                if (items.GetArrayLength() == 0)
                {
                    errors.Add(ItemsField(seriesIndex), "must not be empty");
                    return false;
                }
                var valid = true;
                var itemIndex = 0;
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || IsBlank(item))
                    {
                        errors.Add($"{ItemsField(seriesIndex)}[{itemIndex}]", "must be a non-empty string");
                        valid = false;
                    }
                    itemIndex++;
                }
                return valid;

            default:
                errors.Add(ItemsField(seriesIndex), "must be a string or a list of strings");
                return false;
        }
    }

    static string ItemsField(int? seriesIndex) => seriesIndex is { } i ? $"series[{i}].items" : "items";

    // A blank item can never locate an image, so whitespace-only counts as empty.
    static bool IsBlank(JsonElement text) => string.IsNullOrWhiteSpace(text.GetString());

    static IReadOnlyDictionary<string, string> ReadMetaData(JsonElement? value, EntryErrors errors)
    {
        if (!IsGiven(value, out var metaData))
            return Empty;
        if (metaData.ValueKind != JsonValueKind.Object)
        {
            errors.Add("metaData", "must be an object whose values are strings");
            return Empty;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in metaData.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
                errors.Add($"metaData.{property.Name}", "must be a string");
            else if (!values.TryAdd(property.Name, property.Value.GetString()!))
                errors.Add($"metaData.{property.Name}", "appears more than once");
        }
        WithinLimit(CompactJson.Of(metaData), "metaData", ItemsFileLimits.MaxMetaDataJsonLength, errors);
        return values;
    }

    static Priority? ReadPriority(JsonElement? value, EntryErrors errors)
    {
        if (!IsGiven(value, out var priority))
            return null;
        if (priority.ValueKind != JsonValueKind.Number)
        {
            errors.Add("priority", "must be a number");
            return null;
        }
        // The number's own text, never a double: 0.1234567891 must be seen to have ten decimals.
        if (!Priority.TryParse(priority.GetRawText(), out var parsed, out var error))
        {
            errors.Add("priority", error ?? "must be a number between 0 and 1");
            return null;
        }
        return parsed;
    }

    static IReadOnlyDictionary<string, string> ReadPreAssign(JsonElement? value, ItemsFileRules rules, EntryErrors errors)
    {
        if (!IsGiven(value, out var preAssign))
            return Empty;
        if (preAssign.ValueKind != JsonValueKind.Object)
        {
            errors.Add("preAssign", "must be an object mapping stage names to an email");
            return Empty;
        }

        var assignees = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenStages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in preAssign.EnumerateObject())
        {
            var stageName = property.Name;
            var field = $"preAssign.{stageName}";
            if (!seenStages.Add(stageName))
            {
                errors.Add(field, "the stage appears more than once");
                continue;
            }
            var stageIsValid = CheckPreAssignStage(stageName, rules.Workflow, field, errors);
            var email = ReadPreAssignEmail(property.Value, field, errors);
            if (!stageIsValid || email is null)
                continue;

            switch (rules.CheckAssignee(email, stageName))
            {
                case PreAssignCheck.Ok:
                    assignees.Add(stageName, email);
                    break;
                case PreAssignCheck.NotMember:
                    errors.Add(field, $"{email} is not a member of the project");
                    break;
                case PreAssignCheck.NoStageAccess:
                    errors.Add(field, $"{email} has no access to stage {stageName}");
                    break;
                default:
                    throw new InvalidOperationException($"Unknown {nameof(PreAssignCheck)} value.");
            }
        }
        return assignees;
    }

    static bool CheckPreAssignStage(string stageName, Workflow workflow, string field, EntryErrors errors)
    {
        var stage = workflow.Find(stageName);
        if (stage is null)
        {
            var stages = string.Join(", ", workflow.WorkStages.Select(s => s.Name));
            errors.Add(field, $"stage '{stageName}' does not exist in the project's workflow (its stages are {stages})");
            return false;
        }
        if (stage.IsTerminal)
        {
            errors.Add(field, $"nobody can be preassigned to {stage.Name}: tasks there are finished");
            return false;
        }
        return true;
    }

    /// <summary>
    /// An email, or a list holding one email: the list form exists because some tools always write lists, but a
    /// task has a single assignee per stage. JSON null means no preassignment for that stage.
    /// </summary>
    static string? ReadPreAssignEmail(JsonElement value, string field, EntryErrors errors)
    {
        var email = value;
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Array)
        {
            var count = value.GetArrayLength();
            if (count == 0)
            {
                errors.Add(field, "must not be an empty list");
                return null;
            }
            if (count > 1)
            {
                errors.Add(field, "at most one email per stage");
                return null;
            }
            email = value[0];
        }
        if (email.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, "must be an email or a list with one email");
            return null;
        }

        var text = email.GetString();
        if (!EmailAddress.TryNormalize(text, out var normalized))
        {
            errors.Add(field, $"'{text}' is not a valid email address");
            return null;
        }
        return normalized;
    }

    static string? ReadClassification(JsonElement? value, EntryErrors errors) =>
        IsGiven(value, out var classification)
            ? WithinLimit(CompactJson.Of(classification), "classification", ItemsFileLimits.MaxClassificationJsonLength, errors)
            : null;

    static string? WithinLimit(string json, string field, int maxLength, EntryErrors errors)
    {
        if (json.Length <= maxLength)
            return json;
        errors.Add(field, $"is too large: {json.Length} characters of JSON, at most {maxLength} are allowed");
        return null;
    }

    static ItemsFileParseResult FileError(string message) =>
        new([], [new ItemsFileError(null, null, "$", message)]);

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
        while (offset < utf8.Length && Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
            offset += consumed;
        return offset;
    }
}
