using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli.Commands;

/// <summary>
/// A file of new priorities, the shape of the reference's update_tasks_priority: CSV with a header (name or
/// taskId, and priority; an empty priority clears it) or a JSON array of {name|taskId, priority}. Values are sent
/// as written: the server rounds them to the billionth (ties to even), so a float written by a script is accepted.
/// </summary>
public static class PriorityFile
{
    public static IReadOnlyList<PriorityChange> Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException($"No file '{path}'.");
        var rows = Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(path)
            : ReadCsv(path);
        var changes = rows.Select((row, index) => ToChange(row, index)).ToList();
        if (changes.Count == 0) throw new InvalidInputException($"'{path}' names no task.");
        return changes;
    }

    sealed record Row(string? Name, string? TaskId, string? Priority);

    static IEnumerable<Row> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader,
            new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                PrepareHeaderForMatch = a
                => a.Header.Trim().ToLowerInvariant()
            });
        csv.Read();
        csv.ReadHeader();
        var headers = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (!headers.Contains("priority") || !(headers.Contains("name") || headers.Contains("taskid")))
            throw new InvalidInputException($"'{path}' needs a header with priority and name or taskId.");
        var rows = new List<Row>();
        while (csv.Read())
        {
            rows.Add(new Row(headers.Contains("name") ? csv.GetField("name") : null,
                headers.Contains("taskid") ? csv.GetField("taskid") : null, csv.GetField("priority")));
        }
        return rows;
    }

    static IEnumerable<Row> ReadJson(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException exception)
        {
            throw new InvalidInputException($"'{path}' is not JSON: {exception.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new InvalidInputException($"'{path}' must be a JSON array of {{name or taskId, priority}}.");
            return document.RootElement.EnumerateArray().Select(item => item.ValueKind != JsonValueKind.Object
                ? new Row(null, null, null)
                : new Row(Text(item, "name"), Text(item, "taskId"),
                    item.TryGetProperty("priority", out var priority) && priority.ValueKind != JsonValueKind.Null
                        ? priority.GetRawText() : null))
                .ToList();
        }
    }

    static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static PriorityChange ToChange(Row row, int index)
    {
        var taskId = row.TaskId is { Length: > 0 } id ? id
            : row.Name is { Length: > 0 } name ? TaskIds.FromName(name)
            : throw new InvalidInputException($"Entry {index}: give the task's name or taskId.");
        if (string.IsNullOrWhiteSpace(row.Priority)) return new PriorityChange(taskId, null);
        if (!decimal.TryParse(row.Priority, NumberStyles.Float, CultureInfo.InvariantCulture, out var priority)
            || priority is < 0 or > 1)
            throw new InvalidInputException($"Entry {index} ({row.Name ?? row.TaskId}): priority '{row.Priority}' "
                + $"is not a number between 0 and 1.");
        return new PriorityChange(taskId, priority);
    }
}
