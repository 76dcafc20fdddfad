using System.Text.Json;

namespace Docket.LocalHost.Configuration;

/// <summary>The parts of host.json the local host honours, with the Functions host's defaults.</summary>
public sealed record HostJsonSettings
{
    public string RoutePrefix { get; init; } = "api";
    public QueueTriggerSettings Queues { get; init; } = new();

    public static HostJsonSettings Load(string path)
    {
        if (!File.Exists(path)) return new HostJsonSettings();
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("extensions", out var extensions)) return new HostJsonSettings();

        var settings = new HostJsonSettings();
        if (extensions.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var prefix))
            settings = settings with { RoutePrefix = prefix.GetString() ?? "" };
        if (extensions.TryGetProperty("queues", out var queues))
            settings = settings with { Queues = QueueTriggerSettings.From(queues) };
        return settings;
    }
}

public sealed record QueueTriggerSettings
{
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
            settings = property.Name.ToLowerInvariant() switch
            {
                "batchsize" => settings with { BatchSize = Math.Clamp(property.Value.GetInt32(), 1, 32) },
                "newbatchthreshold" => settings with { NewBatchThreshold = property.Value.GetInt32() },
                "maxdequeuecount" => settings with { MaxDequeueCount = property.Value.GetInt32() },
                "visibilitytimeout" => settings with { VisibilityTimeout = TimeSpan.Parse(property.Value.GetString()!) },
                "maxpollinginterval" => settings with { MaxPollingInterval = TimeSpan.Parse(property.Value.GetString()!) },
                "messageencoding" => settings with { Base64Encoding = !string.Equals(property.Value.GetString(), "none", StringComparison.OrdinalIgnoreCase) },
                _ => settings,
            };
        }
        return settings;
    }
}
