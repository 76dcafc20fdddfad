namespace Docket.LocalHost.Configuration;

/// <summary>
/// Finds the repository root (the folder holding host.json and package.json) from a start folder upwards.
/// </summary>
public static class RepositoryRoot
{
    public static string? Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(startDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "host.json")) &&
                File.Exists(Path.Combine(directory.FullName, "package.json")))
                return directory.FullName;
        }
        return null;
    }

    /// <summary>The root seen from the current directory, else from the running assembly's folder.</summary>
    public static string Locate() =>
        Find(Directory.GetCurrentDirectory()) ?? Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException(
            "Cannot find the repository root (a folder with host.json and package.json).");
}
