namespace Docket.Functions.Tests.Infrastructure;

/// <summary>The Functions project's own build output, of the configuration these tests were built in.</summary>
public static class ShippedWorker
{
    public static string Path
    {
        get
        {
            var testOutput = AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar);
            var configuration = new DirectoryInfo(testOutput).Parent!.Name;
            return System.IO.Path.Combine(TestStorage.RepositoryRoot, "src", "Docket.Functions", "bin", configuration,
                "net10.0", "Docket.Functions.dll");
        }
    }
}
