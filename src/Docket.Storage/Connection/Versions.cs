using Azure;

namespace Docket.Storage.Connection;

/// <summary>
/// A row's ETag as the opaque version the use cases carry (and back): they compare and pass versions, only storage
/// knows they are ETags.
/// </summary>
public static class Versions
{
    public static string Of(ETag etag) => etag == default ? "" : etag.ToString();

    public static ETag ETagOf(string version) => version.Length == 0 ? default : new ETag(version);
}
