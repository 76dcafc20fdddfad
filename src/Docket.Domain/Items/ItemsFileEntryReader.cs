using System.Buffers;
using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using System.Text.Json;
using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Domain.Validation;

namespace Docket.Domain.Items;

/// <summary>
/// Reads the entries of one file, one at a time, remembering what spans entries: the names seen so far and the
/// people already checked. The conventions it follows are listed on <see cref="ItemsFileParser"/>.
/// </summary>
sealed class ItemsFileEntryReader(ItemsFileRules rules, ItemsFileErrors errors)
{
    static readonly IReadOnlyDictionary<string, string> Empty = ReadOnlyDictionary<string, string>.Empty;

    readonly Dictionary<string, int> firstIndexByName = new(StringComparer.Ordinal);

    // Files name the same few people thousands of times: each spelling is normalized, and each person is
    // checked for each stage, once per file. That also lets the entries share one string per person.
    readonly Dictionary<string, string?> normalizedEmails = new(StringComparer.Ordinal);
    readonly Dictionary<(string Email, string Stage), PreAssignCheck> assigneeChecks = [];

    public ItemsFileEntry? Read(JsonElement element, int index)
    {
        var entryErrors = new EntryErrors(index, errors);
        if (element.ValueKind != JsonValueKind.Object)
        {
            entryErrors.Add("$", "must be an object");
            return null;
        }
        // The file is valid UTF-8, so a string that is not text can only come from an escape.
        if (JsonMarshal.GetRawUtf8Value(element).IndexOf("\\u"u8) >= 0
            && JsonUnicode.FirstInvalidString(element) is { } notText)
        {
            entryErrors.Add(notText, JsonUnicode.LoneSurrogateMessage);
            return null;
        }

        JsonElement? name = null, series = null, legacyItems = null, metaData = null, priority = null,
            preAssign = null, classification = null;
        List<string>? repeated = null;
        foreach (var property in element.EnumerateObject())
        {
            // Matched on the UTF-8 name, which spares reading every property name into a string.
            if (property.NameEquals("name"u8))
                Take(ref name, property, ref repeated);
            else if (property.NameEquals("series"u8))
                Take(ref series, property, ref repeated);
            else if (property.NameEquals("items"u8))
                Take(ref legacyItems, property, ref repeated);
            else if (property.NameEquals("metaData"u8))
                Take(ref metaData, property, ref repeated);
            else if (property.NameEquals("priority"u8))
                Take(ref priority, property, ref repeated);
            else if (property.NameEquals("preAssign"u8))
                Take(ref preAssign, property, ref repeated);
            else if (property.NameEquals("classification"u8))
                Take(ref classification, property, ref repeated);
            // Anything else is deliberately ignored (see the remarks on ItemsFileParser).
        }

        // The name comes first so that every other error of the entry can carry it.
        var validName = ReadName(name, entryErrors);
        if (validName is not null)
        {
            if (firstIndexByName.TryGetValue(validName, out var firstIndex))
                entryErrors.Add("name", $"duplicate of the entry at index {firstIndex}");
            else
                firstIndexByName.Add(validName, index);
        }
        foreach (var field in repeated ?? [])
            entryErrors.Add(field, "appears more than once in the entry");

        var seriesJson = ItemsFileSeriesReader.Read(series, legacyItems, entryErrors);
        var metaDataValues = ReadMetaData(metaData, entryErrors);
        var priorityValue = ReadPriority(priority, entryErrors);
        var assignees = ReadPreAssign(preAssign, entryErrors);
        var classificationJson = ReadClassification(classification, entryErrors);

        if (entryErrors.Any)
            return null;
        return new ItemsFileEntry(index, validName!, seriesJson!, metaDataValues, priorityValue, assignees,
            classificationJson);
    }

    static void Take(ref JsonElement? slot, JsonProperty property, ref List<string>? repeated)
    {
        if (slot is not null)
            (repeated ??= []).Add(property.Name);
        slot = property.Value.ValueKind == JsonValueKind.Null ? default(JsonElement) : property.Value;
    }

    /// <summary>Absent and JSON null both count as "not given" (<see cref="Take"/> turns null into default).</summary>
    public static bool IsGiven(JsonElement? value, out JsonElement element)
    {
        element = value.GetValueOrDefault();
        return element.ValueKind != JsonValueKind.Undefined;
    }

    public static string? WithinLimit(string json, string field, int maxLength, EntryErrors errors)
    {
        if (json.Length <= maxLength)
            return json;
        errors.Add(field, $"is too large: {json.Length} characters of JSON, at most {maxLength} are allowed");
        return null;
    }

    /// <summary>
    /// The entry's name when it is valid; a refused but non-blank name still names the entry's errors.
    /// </summary>
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
        errors.Name = name;
        if (name.Length > ItemsFileLimits.MaxNameLength)
        {
            errors.Add("name", $"must be at most {ItemsFileLimits.MaxNameLength} characters (it has {name.Length})");
            return null;
        }
        if (TextRules.Problem(name) is { } problem)
        {
            errors.Add("name", problem);
            return null;
        }
        return name;
    }

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
        // Measured as stored (see MetaDataJson); that is never longer than the raw UTF-8, so only large objects are
        // written out to measure.
        if (JsonMarshal.GetRawUtf8Value(metaData).Length > ItemsFileLimits.MaxMetaDataJsonLength)
            WithinLimit(MetaDataJson.Write(values), "metaData", ItemsFileLimits.MaxMetaDataJsonLength, errors);
        return values;
    }

    static Priority? ReadPriority(JsonElement? value, EntryErrors errors)
    {
        if (Priority.TryRead(value.GetValueOrDefault(), out var priority, out var error)) return priority;
        errors.Add("priority", error ?? "must be a number between 0 and 1");
        return null;
    }

    IReadOnlyDictionary<string, string> ReadPreAssign(JsonElement? value, EntryErrors errors)
    {
        if (!IsGiven(value, out var preAssign))
            return Empty;
        if (preAssign.ValueKind != JsonValueKind.Object)
        {
            errors.Add("preAssign", "must be an object mapping stage names to an email");
            return Empty;
        }

        var assignees = new Dictionary<string, string>(StringComparer.Ordinal);
        var seenStages = 0; // a bit per stage index; a workflow has at most eight stages
        foreach (var property in preAssign.EnumerateObject())
        {
            var stage = FindStage(property);
            if (stage is not null)
            {
                if ((seenStages & (1 << stage.Index)) != 0)
                {
                    errors.Add(PreAssignField(stage.Name), "the stage appears more than once");
                    continue;
                }
                seenStages |= 1 << stage.Index;
            }
            var stageName = stage?.Name ?? property.Name;
            var stageIsValid = CheckPreAssignable(stage, stageName, errors);
            var email = ReadPreAssignEmail(property.Value, stageName, errors);
            if (!stageIsValid || email is null)
                continue;

            switch (CheckAssignee(email, stageName))
            {
                case PreAssignCheck.Ok:
                    assignees.Add(stageName, email);
                    break;
                case PreAssignCheck.NotMember:
                    errors.Add(PreAssignField(stageName), $"{email} is not a member of the project");
                    break;
                case PreAssignCheck.NoStageAccess:
                    errors.Add(PreAssignField(stageName), $"{email} has no access to stage {stageName}");
                    break;
                default:
                    throw new InvalidOperationException($"Unknown {nameof(PreAssignCheck)} value.");
            }
        }
        return assignees;
    }

    static string PreAssignField(string stageName) => $"preAssign.{stageName}";

    /// <summary>
    /// The workflow stage a preAssign key names (exactly, as <see cref="Workflow.Find"/> does). Compared on the
    /// UTF-8 key, so that known stages cost no string of their own: entries share the workflow's stage names.
    /// </summary>
    Stage? FindStage(JsonProperty property)
    {
        foreach (var stage in rules.Workflow.Stages)
        {
            if (property.NameEquals(stage.Name))
                return stage;
        }
        return null;
    }

    bool CheckPreAssignable(Stage? stage, string stageName, EntryErrors errors)
    {
        if (stage is null)
        {
            var stages = string.Join(", ", rules.Workflow.WorkStages.Select(s => s.Name));
            errors.Add(PreAssignField(stageName),
                $"stage '{stageName}' does not exist in the project's workflow (its stages are {stages})");
            return false;
        }
        if (!stage.IsWorkStage)
        {
            errors.Add(PreAssignField(stageName),
                $"nobody can be preassigned to {stage.Name}: tasks there are finished");
            return false;
        }
        return true;
    }

    /// <summary>
    /// An email, or a list holding one email: the list form exists because some tools always write lists, but a
    /// task has a single assignee per stage. JSON null means no preassignment for that stage.
    /// </summary>
    string? ReadPreAssignEmail(JsonElement value, string stageName, EntryErrors errors)
    {
        var email = value;
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.Array)
        {
            var count = value.GetArrayLength();
            if (count == 0)
            {
                errors.Add(PreAssignField(stageName), "must not be an empty list");
                return null;
            }
            if (count > 1)
            {
                errors.Add(PreAssignField(stageName), "at most one email per stage");
                return null;
            }
            email = value[0];
        }
        if (email.ValueKind != JsonValueKind.String)
        {
            errors.Add(PreAssignField(stageName), "must be an email or a list with one email");
            return null;
        }

        var text = email.GetString()!;
        if (!normalizedEmails.TryGetValue(text, out var normalized))
        {
            normalized = EmailAddress.TryNormalize(text, out var valid) ? valid : null;
            normalizedEmails.Add(text, normalized);
        }
        if (normalized is null)
            errors.Add(PreAssignField(stageName), $"'{text}' is not a valid email address");
        return normalized;
    }

    PreAssignCheck CheckAssignee(string email, string stageName)
    {
        if (!assigneeChecks.TryGetValue((email, stageName), out var check))
        {
            check = rules.CheckAssignee(email, stageName);
            assigneeChecks.Add((email, stageName), check);
        }
        return check;
    }

    static string? ReadClassification(JsonElement? value, EntryErrors errors) =>
        IsGiven(value, out var classification)
            ? WithinLimit(CompactJson.Of(classification), "classification", ItemsFileLimits.MaxClassificationJsonLength,
                errors)
            : null;
}
