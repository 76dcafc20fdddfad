using System.Globalization;
using System.Text.Json;

namespace Docket.LocalHost.Configuration;

/// <summary>The parts of host.json the local host honours, with the Functions host's defaults.</summary>
public sealed record HostJsonSettings
{
    /// <summary>The Functions host's default where host.json sets none (Flex Consumption, Premium).</summary>
    public static readonly TimeSpan DefaultFunctionTimeout = TimeSpan.FromMinutes(30);

    public string RoutePrefix { get; init; } = "api";
    public TimeSpan FunctionTimeout { get; init; } = DefaultFunctionTimeout;
    public QueueTriggerSettings Queues { get; init; } = new();

    /// <summary>extensions.blobs.maxDegreeOfParallelism: blob invocations in flight per instance.</summary>
    public int BlobsMaxDegreeOfParallelism { get; init; } = 8 * Environment.ProcessorCount;

    public static HostJsonSettings Load(string path)
    {
        if (!File.Exists(path)) return new HostJsonSettings();
        using var document = JsonDocument.Parse(File.ReadAllText(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        var settings = new HostJsonSettings();
        if (root.TryGetProperty("functionTimeout", out var timeout) && timeout.GetString() is { } text)
            settings = settings with { FunctionTimeout = ParseFunctionTimeout(text) };
        if (!root.TryGetProperty("extensions", out var extensions)) return settings;

        if (extensions.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var prefix))
            settings = settings with { RoutePrefix = prefix.GetString() ?? "" };
        if (extensions.TryGetProperty("queues", out var queues))
            settings = settings with { Queues = QueueTriggerSettings.From(queues) };
        if (extensions.TryGetProperty("blobs", out var blobs)
            && blobs.TryGetProperty("maxDegreeOfParallelism", out var parallelism))
            settings = settings with { BlobsMaxDegreeOfParallelism = Math.Max(1, parallelism.GetInt32()) };
        return settings;
    }

    /// <summary>"-1" means no limit, as in the Functions host.</summary>
    static TimeSpan ParseFunctionTimeout(string text) =>
        text.Trim() == "-1" ? Timeout.InfiniteTimeSpan : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}

public sealed record QueueTriggerSettings
{
    /// <summary>The storage queue extension's cap on messages received in one call.</summary>
    public const int MaxBatchSize = 32;

    public int BatchSize { get; init; } = 16;
    public int NewBatchThreshold { get; init; } = 8;
    public int MaxDequeueCount { get; init; } = 5;
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);
    public bool Base64Encoding { get; init; } = true;

    public static QueueTriggerSettings From(JsonElement queues)
    {
        var settings = new QueueTriggerSettings();
        foreach (var property in queues.EnumerateObject())
        {
            var value = property.Value;
            settings = property.Name.ToLowerInvariant() switch
            {
                "batchsize" => settings with { BatchSize = Math.Clamp(value.GetInt32(), 1, MaxBatchSize) },
                "newbatchthreshold" => settings with { NewBatchThreshold = value.GetInt32() },
                "maxdequeuecount" => settings with { MaxDequeueCount = value.GetInt32() },
                "visibilitytimeout" => settings with { VisibilityTimeout = ParseTimeSpan(value) },
                "maxpollinginterval" => settings with { MaxPollingInterval = ParseTimeSpan(value) },
                "messageencoding" => settings with
                {
                    Base64Encoding = !string.Equals(value.GetString(), "none", StringComparison.OrdinalIgnoreCase),
                },
                _ => settings,
            };
        }
        return settings;
    }

    /// <summary>
    /// The blob extension's shared queue: maxDegreeOfParallelism split between batchSize and newBatchThreshold
    /// (the most a queue listener has in flight is their sum), the rest as for queues.
    /// </summary>
    public QueueTriggerSettings ForBlobs(int maxDegreeOfParallelism)
    {
        var batchSize = Math.Min(MaxBatchSize, maxDegreeOfParallelism / 2 + 1);
        return this with { BatchSize = batchSize, NewBatchThreshold = maxDegreeOfParallelism - batchSize };
    }

    static TimeSpan ParseTimeSpan(JsonElement value) =>
        TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
