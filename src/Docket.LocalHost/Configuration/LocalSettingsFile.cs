using System.Text.Json;

namespace Docket.LocalHost.Configuration;

/// <summary>
/// The <c>Values</c> of local.settings.json, as Core Tools reads them; when the developer has not created one,
/// the committed local.settings.sample.json supplies the defaults.
/// </summary>
public static class LocalSettingsFile
{
    public static IReadOnlyDictionary<string, string?> ReadValues(string repositoryRoot)
    {
        foreach (var name in new[] { "local.settings.json", "local.settings.sample.json" })
        {
            var path = Path.Combine(repositoryRoot, name);
            if (File.Exists(path))
                return Parse(File.ReadAllText(path));
        }
        return new Dictionary<string, string?>();
    }

    public static int? ReadHttpPort(string repositoryRoot)
    {
        foreach (var name in new[] { "local.settings.json", "local.settings.sample.json" })
        {
            var path = Path.Combine(repositoryRoot, name);
            if (!File.Exists(path)) continue;
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.TryGetProperty("Host", out var host) &&
                host.TryGetProperty("LocalHttpPort", out var port) && port.TryGetInt32(out var value))
                return value;
            return null;
        }
        return null;
    }

    static Dictionary<string, string?> Parse(string json)
    {
        using var document = JsonDocument.Parse(json,
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section))
        {
            foreach (var property in section.EnumerateObject())
            {
                // Core Tools exposes Values as environment variables, where "__" stands for ":".
                var key = property.Name.Replace("__", ":");
                values[key] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
            }
        }
        return values;
    }
}
