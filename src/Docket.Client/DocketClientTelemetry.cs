using System.Diagnostics;

namespace Docket.Client;

/// <summary>
/// The client's traces: add <see cref="SourceName"/> to an OpenTelemetry tracer to see each Docket call (with its
/// retries) as one span.
/// </summary>
public static class DocketClientTelemetry
{
    public const string SourceName = "Docket.Client";

    internal static readonly ActivitySource Source = new(SourceName);
}
