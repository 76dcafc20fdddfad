using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Docket.LocalHost.Azurite;

/// <summary>
/// Azurite (the storage emulator, from the repository's node_modules) as a child process. Installs the npm
/// dependencies first when they are missing, so a fresh clone needs nothing but Node.js.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    // The emulator's fixed, publicly documented development account key; it protects nothing.
    const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    readonly Process process;

    AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }
    public int ProcessId => process.Id;

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>Starts Azurite on free ports with in-memory storage (for tests and benchmarks).</summary>
    public static Task<AzuriteProcess> StartInMemoryAsync(string repositoryRoot,
        CancellationToken cancellationToken = default) =>
        StartAsync(repositoryRoot, FreePort(), FreePort(), FreePort(), location: null, cancellationToken);

    /// <summary>
    /// Starts Azurite on the given ports; data kept in <paramref name="location"/>, or in memory when null.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot, int blobPort, int queuePort,
        int tablePort, string? location, CancellationToken cancellationToken = default)
    {
        var script = await EnsureInstalledAsync(repositoryRoot, cancellationToken);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     script, "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
                     "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(),
                 })
            start.ArgumentList.Add(argument);
        if (location is null)
            start.ArgumentList.Add("--inMemoryPersistence");
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, blobPort, queuePort, tablePort);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(IsListening(blobPort) && IsListening(queuePort) && IsListening(tablePort)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync();
                throw new InvalidOperationException(
                    $"Azurite did not start on ports {blobPort}/{queuePort}/{tablePort}.");
            }
            await Task.Delay(100, cancellationToken);
        }
        return azurite;
    }

    /// <summary>
    /// Runs "npm install" in the repository root when Azurite is not there yet (one installer at a time).
    /// </summary>
    public static async Task<string> EnsureInstalledAsync(string repositoryRoot,
        CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script)) return script;

        await using var installLock = await AcquireInstallLockAsync(repositoryRoot, cancellationToken);
        if (File.Exists(script)) return script;

        var install = new ProcessStartInfo("npm")
        {
            WorkingDirectory = repositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            File.Exists(Path.Combine(repositoryRoot, "package-lock.json")) ? "ci" : "install", "--no-audit", "--no-fund"
        })
            install.ArgumentList.Add(argument);
        using var npm = Process.Start(install)
            ?? throw new InvalidOperationException("Could not start npm; is Node.js installed?");
        var output = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = npm.StandardError.ReadToEndAsync(cancellationToken);
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0 || !File.Exists(script))
            throw new InvalidOperationException(
                $"npm install failed ({npm.ExitCode}):\n{await output}\n{await errors}");
        return script;
    }

    static async Task<FileStream> AcquireInstallLockAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var path = Path.Combine(repositoryRoot, ".npm-install.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                    FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
        }
        process.Dispose();
    }
}
