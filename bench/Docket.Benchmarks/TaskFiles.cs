using System.Buffers;
using System.Text.Json;
using Docket.Domain.Tasks;

namespace Docket.Benchmarks;

/// <summary>A generated items file and the task ids its entries will get.</summary>
public sealed record TaskFile(byte[] Json, IReadOnlyList<string> TaskIds);

/// <summary>
/// Generates items files shaped like real imaging studies: two series each, study metadata, a share of entries
/// with exact 9-decimal priorities and a share preAssigned to a Label member. Seeded, so runs compare.
/// </summary>
public static class TaskFiles
{
    /// <param name="labelAssigneeOf">
    /// When given, entry i is preAssigned for Label to labelAssigneeOf(i) (none when it returns null), in place of
    /// the preAssignedShare draw; the random sequence of the other fields stays the same.
    /// </param>
    public static TaskFile Generate(int count, string namePrefix, double prioritisedShare = 0.3,
        double preAssignedShare = 0, string? preAssignTo = null, int seed = 42,
        Func<int, string?>? labelAssigneeOf = null)
    {
        var random = new Random(seed);
        var buffer = new ArrayBufferWriter<byte>(count * 400);
        var ids = new List<string>(count);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                var name = $"{namePrefix}-{i:D6}";
                ids.Add(TaskIdentity.IdFor(name));
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteStartArray("series");
                json.WriteStartObject();
                json.WriteString("name", "t1");
                json.WriteString("items", $"s3://bench-imaging/{namePrefix}/{i:D6}/t1.nii.gz");
                json.WriteStartObject("metaData");
                json.WriteString("sequence", "T1");
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteStartObject();
                json.WriteString("name", "flair");
                json.WriteStartArray("items");
                json.WriteStringValue($"https://pacs.bench.example/{namePrefix}/{i:D6}/flair-1.dcm");
                json.WriteStringValue($"https://pacs.bench.example/{namePrefix}/{i:D6}/flair-2.dcm");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartObject("metaData");
                json.WriteString("site", $"site-{random.Next(1, 9)}");
                json.WriteString("patientAge", random.Next(18, 95).ToString());
                json.WriteEndObject();
                if (random.NextDouble() < prioritisedShare)
                {
                    // Written as text so the file carries exactly nine decimals, as a client would send them.
                    json.WritePropertyName("priority");
                    json.WriteRawValue(Priority(random));
                }
                var labelAssignee = labelAssigneeOf is not null ? labelAssigneeOf(i)
                    : preAssignTo is not null && random.NextDouble() < preAssignedShare ? preAssignTo : null;
                if (labelAssignee is not null)
                {
                    json.WriteStartObject("preAssign");
                    json.WriteString("Label", labelAssignee);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return new TaskFile(buffer.WrittenSpan.ToArray(), ids);
    }

    /// <summary>A random priority with nine decimals, as JSON number text.</summary>
    public static string Priority(Random random) => $"0.{random.Next(0, 1_000_000_000):D9}";
}
