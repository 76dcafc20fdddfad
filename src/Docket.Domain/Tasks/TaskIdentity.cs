using System.Security.Cryptography;
using System.Text;

namespace Docket.Domain.Tasks;

/// <summary>
/// A task's id is derived from its name (unique in the project), so uploading the same name twice finds the same
/// task instead of creating another, and its storage shard is derived from the id, so an id finds its partition
/// without a lookup.
/// </summary>
public static class TaskIdentity
{
    const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>20 base-32 characters (100 bits of SHA-256 of the name).</summary>
    public static string IdFor(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var id = new StringBuilder(20);
        var bits = 0;
        var buffer = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && id.Length < 20)
            {
                id.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
            if (id.Length == 20) break;
        }
        return id.ToString();
    }

    public static bool IsWellFormed(string taskId) => taskId.Length == 20 && taskId.All(c => Alphabet.Contains(c));

    /// <summary>FNV-1a of the id, so the shard is stable across processes and versions of .NET.</summary>
    public static int ShardOf(string taskId, int shardCount)
    {
        var hash = 2166136261u;
        foreach (var c in taskId)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return (int)(hash % (uint)shardCount);
    }
}
