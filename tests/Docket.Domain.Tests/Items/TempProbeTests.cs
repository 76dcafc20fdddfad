using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Docket.Domain.Items;
using Xunit.Abstractions;
namespace Docket.Domain.Tests.Items;
public sealed class TempProbeTests(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        const int count = 100_000;
        var file = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) file.Append(",\n");
            file.Append($$"""{ "name": "study-{{i:D6}}", "series": [ { "name": "t1", "items": "s3://imaging/study-{{i:D6}}/t1.nii.gz", "metaData": { "sequence": "T1" } }, { "name": "flair", "items": ["https://pacs.example.com/study-{{i:D6}}/1.dcm", "https://pacs.example.com/study-{{i:D6}}/2.dcm"], "segmentMap": { "1": { "category": "Lesion" } } } ], "metaData": { "site": "north", "patientAge": "{{i % 90}}" }, "priority": 0.{{i:D6}}001, "preAssign": { "Label": "lena@example.com", "Review_1": ["rami@example.com"] }, "classification": { "grade": "II" } }""");
        }
        file.Append("]");
        var bytes = Encoding.UTF8.GetBytes(file.ToString());
        var noWs = Encoding.UTF8.GetBytes(file.ToString().Replace("\": ", "\":").Replace(", ", ",").Replace("{ ", "{").Replace(" }", "}").Replace("[ ", "[").Replace(" ]", "]"));
        for (var round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            using (var d = JsonDocument.Parse(bytes)) { }
            var t1 = sw.ElapsedMilliseconds; sw.Restart();
            var r = ItemsFileParser.Parse(bytes, ItemsFiles.Rules);
            var t2 = sw.ElapsedMilliseconds; sw.Restart();
            var r2 = ItemsFileParser.Parse(noWs, ItemsFiles.Rules);
            var t3 = sw.ElapsedMilliseconds;
            output.WriteLine($"size {bytes.Length} / {noWs.Length}: doc {t1} ms, full {t2} ms, full-nows {t3} ms, valid {r.IsValid} {r2.IsValid}");
        }
    }
}
