using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Docket.Cli.Uploads;

/// <summary>
/// Small state files (config folder/uploads/{hash}.json), one per large upload under way, keyed by the site, the
/// project and the SHA-256 of the file's bytes. Running the same upload again after Ctrl-C or a lost connection
/// finds the upload id and follows that upload instead of sending the file again; a changed file is a new upload.
/// </summary>
public sealed class PendingUploads(string configFolder)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder => Path.Combine(configFolder, "uploads");

    public static string Sha256Of(ReadOnlySpan<byte> file) => Convert.ToHexStringLower(SHA256.HashData(file));

    public PendingUpload? Find(Uri url, string projectId, string sha256)
    {
        var path = PathFor(url.ToString(), projectId, sha256);
        return File.Exists(path) ? JsonSerializer.Deserialize<PendingUpload>(File.ReadAllText(path), Json) : null;
    }

    public void Save(PendingUpload upload)
    {
        Directory.CreateDirectory(Folder);
        var path = PathFor(upload.Url, upload.ProjectId, upload.Sha256);
        // Written whole then renamed, so an interruption never leaves half a state file.
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(upload, Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public void Forget(PendingUpload upload) => File.Delete(PathFor(upload.Url, upload.ProjectId, upload.Sha256));

    string PathFor(string url, string projectId, string sha256)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes($"{url}\n{projectId}\n{sha256}"));
        return Path.Combine(Folder, Convert.ToHexStringLower(key)[..32] + ".json");
    }
}
