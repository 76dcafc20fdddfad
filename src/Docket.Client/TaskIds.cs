using System.Security.Cryptography;
using System.Text;

namespace Docket.Client;

/// <summary>
/// Docket derives a task's id from its name (the first 100 bits of SHA-256 of the UTF-8 name, in base 32), so a
/// program that knows names can address tasks without looking them up.
/// </summary>
public static class TaskIds
{
    const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    const int Length = 20;

    public static string FromName(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var id = new StringBuilder(Length);
        var bits = 0;
        var buffer = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && id.Length < Length)
            {
                id.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
            if (id.Length == Length) break;
        }
        return id.ToString();
    }

    /// <summary>Whether the text has the shape of a task id (it may still name no task).</summary>
    public static bool IsTaskId(string text) => text.Length == Length && text.All(Alphabet.Contains);
}
