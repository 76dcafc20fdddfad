using System.Security.Cryptography;
using System.Text;

namespace Docket.Application.Upload;

/// <summary>
/// An upload's id comes from where the file came from and what it holds: the same file posted again (a client
/// retrying after a timeout) or dropped again (a redelivered event) finds the upload the first one started, and
/// carries it on instead of starting another.
/// </summary>
public static class UploadIds
{
    /// <summary>A file posted over HTTP to a project.</summary>
    public static string ForPost(string projectId, ReadOnlySpan<byte> file) => Of("upload-", $"http|{projectId}|", file);

    /// <summary>A drop: <paramref name="source"/> names the blob (or says it came in a queue message).</summary>
    public static string ForDrop(string source, ReadOnlySpan<byte> content) => Of("drop-", source, content);

    static string Of(string prefix, string source, ReadOnlySpan<byte> content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(source));
        hash.AppendData(content);
        return prefix + Convert.ToHexStringLower(hash.GetHashAndReset())[..24];
    }
}
