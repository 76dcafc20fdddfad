using System.Text.Json;

namespace Docket.Cli.Profiles;

/// <summary>
/// A profile in the user's config folder (ApplicationData/docket, or DOCKET_CONFIG_DIR): <c>profile.json</c>, or
/// <c>profile.{name}.json</c> for a named one (<c>--profile NAME</c>, or DOCKET_PROFILE), written by
/// <c>docket login</c> and removed by <c>docket logout</c>; DOCKET_URL and DOCKET_KEY override what it says.
/// </summary>
public sealed class ProfileStore(CliEnvironment environment, string? name = null)
{
    public const string ConfigDirVariable = "DOCKET_CONFIG_DIR";
    public const string UrlVariable = "DOCKET_URL";
    public const string KeyVariable = "DOCKET_KEY";
    public const string ProfileVariable = "DOCKET_PROFILE";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder => environment.Variable(ConfigDirVariable) is { Length: > 0 } folder
        ? folder
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData,
            Environment.SpecialFolderOption.Create), "docket");

    /// <summary>The profile's name; null for the default one.</summary>
    public string? Name { get; } = NameOf(name ?? environment.Variable(ProfileVariable));

    public string ProfilePath => Path.Combine(Folder, Name is null ? "profile.json" : $"profile.{Name}.json");

    static string? NameOf(string? name) =>
        string.IsNullOrEmpty(name) || name == "default" ? null
        : name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && name.Length <= 64 ? name
        : throw new InvalidInputException(
            $"'{name}' is not a profile name: use letters, digits, '-' and '_' (at most 64).");

    /// <summary>Deletes the stored profile (the key in it with it).</summary>
    /// <returns>Whether there was one.</returns>
    public bool Remove()
    {
        if (!File.Exists(ProfilePath)) return false;
        File.Delete(ProfilePath);
        return true;
    }

    /// <summary>
    /// Writes the profile readable by its owner alone from the first byte (created 0600, never chmod-ed after the
    /// key is in it), then moves it into place, so that no reader sees a half-written file.
    /// </summary>
    public void Save(ConnectionProfile profile)
    {
        Directory.CreateDirectory(Folder);
        var temporary = Path.Combine(Folder, $".profile-{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
                JsonSerializer.Serialize(stream, profile, Json);
            File.Move(temporary, ProfilePath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The profile with the environment's overrides applied.</summary>
    public ConnectionProfile Load()
    {
        var saved = File.Exists(ProfilePath)
            ? JsonSerializer.Deserialize<ConnectionProfile>(File.ReadAllText(ProfilePath), Json) : null;
        var url = environment.Variable(UrlVariable) is { Length: > 0 } urlText ? ParseUrl(urlText) : saved?.Url;
        var key = environment.Variable(KeyVariable) is { Length: > 0 } keyText ? keyText : saved?.Key;
        if (url is null || key is null)
            throw new NotLoggedInException($"Not logged in{(Name is null ? "" : $" with profile '{Name}'")}: run "
                + $"'docket login --url URL{(Name is null ? "" : $" --profile {Name}")}', or set {UrlVariable} and "
                + $"{KeyVariable}.");
        return new ConnectionProfile(url, key);
    }

    /// <summary>An https URL, or http to this machine: anything else would send the key in clear.</summary>
    public static Uri ParseUrl(string text) =>
        !Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            ? throw new InvalidInputException($"'{text}' is not an http(s) URL.")
            : url.Scheme == "http" && !url.IsLoopback
                ? throw new InvalidInputException(
                    $"'{text}' is plain http to another machine, which would send your key in clear: use https.")
                : url;
}
