namespace Docket.Functions.Tests.Infrastructure;

/// <summary>Files under TestData/ (the product's sample items files among them).</summary>
public static class TestData
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));
}
