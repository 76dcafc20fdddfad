namespace Docket.Domain.Items;

/// <summary>
/// The path of a dropped items file below its project's folder ("items-drops/{projectId}/{path}"), as a queue
/// message names it. A path that could leave the folder ("..") or that storage would read otherwise than written is
/// refused before any blob is touched.
/// </summary>
public static class DropPath
{
    /// <summary>Blob names are at most 1,024 characters; the project id and a slash come before the path.</summary>
    public const int MaxLength = 960;

    /// <returns>What is wrong with the path, or null when it may be used.</returns>
    public static string? Problem(string path)
    {
        if (path.Length is 0 or > MaxLength) return $"must be 1-{MaxLength} characters";
        if (path.Any(char.IsControl)) return "must not contain control characters";
        if (path.Contains('\\')) return "must use '/' between folders, not '\\'";
        if (path.Split('/').Any(segment => segment is "" or "." or ".."))
            return "must not have empty, '.' or '..' segments";
        return null;
    }
}
