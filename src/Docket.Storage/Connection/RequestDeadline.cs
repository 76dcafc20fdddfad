using Azure.Core;
using Azure.Core.Pipeline;
using Docket.Application.Configuration;

namespace Docket.Storage.Connection;

/// <summary>The deadline of the work in progress passed before storage answered.</summary>
public sealed class RequestDeadlineExceededException(string message) : TimeoutException(message);

/// <summary>
/// Runs before each try of a storage call: past the deadline, no further try starts; before it, the try's network
/// timeout is cut to the time left.
/// </summary>
public sealed class RequestDeadlinePolicy(TimeSpan networkTimeout, TimeProvider clock) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        if (RequestDeadline.Value is not { } deadline) return;
        var left = deadline - clock.GetUtcNow();
        if (left <= TimeSpan.Zero)
            throw new RequestDeadlineExceededException(
                $"No time left for {message.Request.Method} {message.Request.Uri.Host}: " +
                "the request's budget is spent.");
        var timeout = message.NetworkTimeout ?? networkTimeout;
        if (left < timeout) message.NetworkTimeout = left;
    }
}

/// <summary>An extra policy for every storage client Docket builds (tests inject faults with one).</summary>
public sealed record StoragePipelinePolicy(HttpPipelinePolicy Policy, HttpPipelinePosition Position);
