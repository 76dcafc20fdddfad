using System.Globalization;

namespace Docket.LocalHost.Configuration;

/// <summary>
/// Where the local host listens, first found wins: the URL a caller (a test) passes, "--urls" or "--port" on the
/// command line (as for ASP.NET Core and Core Tools' "func start --port"), ASPNETCORE_URLS, local.settings.json's
/// "Host:LocalHttpPort", 7071.
/// </summary>
public static class ListenUrl
{
    public const int DefaultPort = 7071;

    public static string Resolve(string? explicitUrl, string[] args, string? aspNetCoreUrls, int? settingsPort)
    {
        if (!string.IsNullOrWhiteSpace(explicitUrl)) return explicitUrl;
        var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
        if (!string.IsNullOrWhiteSpace(commandLine["urls"])) return commandLine["urls"]!;
        if (commandLine["port"] is { } port)
        {
            return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                   && number is > 0 and <= 65535
                ? $"http://localhost:{number}"
                : throw new ArgumentException($"--port must be a port number (1-65535), not '{port}'.");
        }
        if (!string.IsNullOrWhiteSpace(aspNetCoreUrls)) return aspNetCoreUrls;
        return $"http://localhost:{settingsPort ?? DefaultPort}";
    }
}
