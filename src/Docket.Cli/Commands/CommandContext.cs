using System.CommandLine;
using Docket.Cli.Output;
using Docket.Cli.Profiles;
using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli.Commands;

/// <summary>What a running command has at hand: its parsed values, the printer, and a client for the profile.</summary>
public sealed class CommandContext(ParseResult parse, CliEnvironment environment,
    CancellationToken cancellationToken) : IDisposable
{
    DocketClient? client;

    public CliEnvironment Environment => environment;
    public CancellationToken CancellationToken => cancellationToken;
    public Printer Printer { get; } = new(environment, parse.GetValue(CommonOptions.Output));
    public ProfileStore Profiles { get; } = new(environment, parse.GetValue(CommonOptions.Profile));

    public T Get<T>(Option<T> option) => parse.GetValue(option)!;
    public T Get<T>(Argument<T> argument) => parse.GetValue(argument)!;

    /// <summary>A client for the stored profile (or DOCKET_URL and DOCKET_KEY).</summary>
    public DocketClient Client => client ??= ClientFor(Profiles.Load());

    public DocketClient ClientFor(ConnectionProfile profile) =>
        DocketClient.Create(new DocketClientOptions { BaseAddress = profile.Url, ApiKey = profile.Key },
            environment.CreateHandler?.Invoke());

    public void Dispose() => client?.Dispose();
}
