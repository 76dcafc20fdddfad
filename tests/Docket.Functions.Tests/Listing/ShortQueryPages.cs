using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Docket.Storage.Connection;

namespace Docket.Functions.Tests.Listing;

/// <summary>
/// Makes storage answer queries in short pages, as Azure Table Storage does when a filter leaves few matches among
/// the rows it scans (a page may hold fewer entities than asked for, or none, with a continuation token). Azurite
/// always fills a page, so this lowers the page size the request asks for on its way out: the SDK and Docket still
/// ask for and read the pages they would, and meet short ones.
/// </summary>
public sealed partial class ShortQueryPages(int rowsPerPage) : HttpPipelineSynchronousPolicy
{
    public StoragePipelinePolicy AsStoragePolicy() => new(this, HttpPipelinePosition.PerRetry);

    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get) return;
        var uri = message.Request.Uri.ToUri().ToString();
        var shortened = Top().Replace(uri,
            match => $"$top={Math.Min(rowsPerPage, int.Parse(match.Groups["rows"].Value))}");
        if (shortened != uri) message.Request.Uri.Reset(new Uri(shortened));
    }

    [GeneratedRegex(@"(\$|%24)top=(?<rows>\d+)")]
    private static partial Regex Top();
}
