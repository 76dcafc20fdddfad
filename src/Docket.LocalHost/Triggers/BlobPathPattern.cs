using System.Text.RegularExpressions;

namespace Docket.LocalHost.Triggers;

/// <summary>A blob trigger path such as "items-drops/{projectId}/{path}": its container and named parts.</summary>
public sealed class BlobPathPattern
{
    readonly Regex regex;

    BlobPathPattern(string container, string listingPrefix, Regex regex) =>
        (Container, ListingPrefix, this.regex) = (container, listingPrefix, regex);

    public string Container { get; }
    public string ListingPrefix { get; }

    /// <param name="blobPath">The path with its "%Setting%" parts already resolved.</param>
    public static BlobPathPattern Parse(string blobPath)
    {
        var slash = blobPath.IndexOf('/');
        var container = slash < 0 ? blobPath : blobPath[..slash];
        var blobPattern = slash < 0 ? "{name}" : blobPath[(slash + 1)..];
        var firstParameter = blobPattern.IndexOf('{');
        var prefix = firstParameter < 0 ? blobPattern : blobPattern[..firstParameter];
        var expression = "^" + Regex.Replace(Regex.Escape(blobPattern).Replace(@"\{", "{"),
            "{([A-Za-z_][A-Za-z0-9_]*)}", "(?<$1>.+?)") + "$";
        return new BlobPathPattern(container, prefix, new Regex(expression, RegexOptions.CultureInvariant));
    }

    public IReadOnlyDictionary<string, string>? Match(string blobName)
    {
        var match = regex.Match(blobName);
        if (!match.Success) return null;
        return regex.GetGroupNames().Where(n => !int.TryParse(n, out _))
            .ToDictionary(n => n, n => match.Groups[n].Value);
    }
}
