using System.Diagnostics;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Docket.Benchmarks;

/// <summary>
/// Counts the table entities each storage request writes (inserts, replaces, merges, upserts and deletes; a batch
/// transaction counts each of its operations), by table, and tells the traces listening which benchmark request it
/// belongs to (the trace id travels from the benchmark over HTTP into the host). Added to every storage client the
/// bench host builds, after retries, so a retried attempt counts again as Azure would bill it.
/// </summary>
public sealed class EntityWrites : HttpPipelinePolicy
{
    public static readonly EntityWrites Instance = new();

    static readonly byte[] OperationMarker = Encoding.ASCII.GetBytes("application/http");

    /// <summary>Raised for every write: the trace it belongs to, the table, the entities written.</summary>
    public event Action<ActivityTraceId, string, int>? Written;

    EntityWrites()
    {
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        await ProcessNextAsync(message, pipeline);
    }

    void Count(HttpMessage message)
    {
        if (Written is null) return;
        var request = message.Request;
        var path = Uri.UnescapeDataString(request.Uri.Path).Trim('/').Split('/');
        // Table requests are /{account}/{Table}(…), /{account}/{Table} (insert) or /{account}/$batch; queue
        // messages (/{account}/{queue}/messages) and blobs have no entities.
        if (path.Length < 2 || request.Method == RequestMethod.Get) return;
        var resource = path[1];
        int entities;
        string table;
        if (resource.StartsWith("$batch", StringComparison.Ordinal))
        {
            if (request.Content is null) return;
            using var body = new MemoryStream();
            request.Content.WriteTo(body, CancellationToken.None);
            entities = Occurrences(body.GetBuffer().AsSpan(0, (int)body.Length), OperationMarker);
            table = TableOfBatch(body);
        }
        else if (resource.Contains('(') || (request.Method == RequestMethod.Post && path.Length == 2))
        {
            var name = resource.Contains('(') ? resource[..resource.IndexOf('(')] : resource;
            if (name == "Tables") return; // creating a table writes no entity
            entities = 1;
            table = name;
        }
        else return;
        Written?.Invoke(Activity.Current?.TraceId ?? default, table, entities);
    }

    static int Occurrences(ReadOnlySpan<byte> text, ReadOnlySpan<byte> marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker); at >= 0; at = text.IndexOf(marker))
        {
            count++;
            text = text[(at + marker.Length)..];
        }
        return count;
    }

    /// <summary>The table a batch writes to (all its operations are in one partition of one table).</summary>
    static string TableOfBatch(MemoryStream body)
    {
        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)Math.Min(body.Length, 4096));
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length < 2 || !Uri.TryCreate(parts[1], UriKind.Absolute, out var uri)) continue;
            var segments = Uri.UnescapeDataString(uri.AbsolutePath).Trim('/').Split('/');
            if (segments.Length < 2) continue;
            var resource = segments[1];
            return resource.Contains('(') ? resource[..resource.IndexOf('(')] : resource;
        }
        return "?";
    }
}
