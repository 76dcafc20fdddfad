using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Docket.Functions.Tests.Deployment;

/// <summary>What <c>bicep build --stdout</c> printed: the ARM template and the diagnostics.</summary>
public sealed record BicepBuildResult(int ExitCode, string Template, string Diagnostics)
{
    /// <summary>Diagnostic lines such as <c>file.bicep(3,7) : Warning no-unused-params: ...</c>.</summary>
    public IReadOnlyList<string> ErrorsAndWarnings { get; } = Diagnostics
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(line => Regex.IsMatch(line, @"\)\s*:\s*(Error|Warning)\s"))
        .ToList();
}

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, which the test project restores but
/// does not reference (so a clean clone needs nothing but <c>dotnet test</c>).
/// </summary>
public static class BicepCli
{
    const string PackageId = "azure.bicep.commandline.linux-x64";

    static readonly Lazy<string> Executable = new(Locate);

    public static BicepBuildResult Build(string bicepFile)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(bicepFile)!,
        };
        start.ArgumentList.Add("build");
        start.ArgumentList.Add(bicepFile);
        start.ArgumentList.Add("--stdout");

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep build {bicepFile} did not finish within 3 minutes.");
        }
        process.WaitForExit();
        return new BicepBuildResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    static string Locate()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return FindOnPath("bicep") ?? throw new PlatformNotSupportedException(
                "The restored Bicep CLI package is linux-x64 only; on this platform put 'bicep' on PATH.");
        }

        var executable = Candidates().FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"The Bicep CLI was not found; restore the test project (dotnet restore) to download {PackageId}. "
            + "Looked in: "
            + string.Join(", ", Candidates()));
        return EnsureExecutable(executable);
    }

    static IEnumerable<string> Candidates()
    {
        // The package folder restore recorded when this assembly was built (GeneratePathProperty).
        var restored = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepCliPackageDirectory")?.Value;
        if (!string.IsNullOrWhiteSpace(restored))
            yield return Path.Combine(restored, "tools", "bicep");

        // Otherwise the global packages folder, newest version first.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(packages))
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".nuget", "packages");
        var packageFolder = Path.Combine(packages, PackageId);
        if (Directory.Exists(packageFolder))
        {
            foreach (var version in Directory.GetDirectories(packageFolder)
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version()))
                yield return Path.Combine(version, "tools", "bicep");
        }
    }

    /// <summary>
    /// NuGet does not always keep the execute bit; set it, or run a private copy where the cache is read-only.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    static string EnsureExecutable(string path)
    {
        const UnixFileMode execute = UnixFileMode.UserExecute;
        if ((File.GetUnixFileMode(path) & execute) != 0)
            return path;
        try
        {
            File.SetUnixFileMode(path,
                File.GetUnixFileMode(path) | execute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            return path;
        }
        catch (UnauthorizedAccessException)
        {
            var copy = Path.Combine(Path.GetTempPath(), $"docket-bicep-{Environment.ProcessId}", "bicep");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(path, copy, overwrite: true);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | execute);
            return copy;
        }
    }

    static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, name), Path.Combine(dir, name + ".exe") })
            .FirstOrDefault(File.Exists);
}
