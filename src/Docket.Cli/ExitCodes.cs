using System.Net;
using Docket.Client;
using Docket.Contracts;

namespace Docket.Cli;

/// <summary>The same exit code for the same kind of outcome, whatever the command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
    public const int NotFoundOrForbidden = 3;
    /// <summary>No key, or one Docket does not accept (401): log in again.</summary>
    public const int Unauthenticated = 4;
    /// <summary>Docket is busy or storage is unavailable (503, 429, no answer in time): try again later.</summary>
    public const int TryAgainLater = 5;
    /// <summary>Stopped by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static int For(DocketApiException exception) => exception.Status switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity
            => InvalidInput,
        HttpStatusCode.Unauthorized => Unauthenticated,
        HttpStatusCode.Forbidden or HttpStatusCode.NotFound => NotFoundOrForbidden,
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests => TryAgainLater,
        _ => Failure,
    };
}

/// <summary>Input the command line itself refuses (a missing file, a malformed priority file): exit code 2.</summary>
public sealed class InvalidInputException(string message) : Exception(message);

/// <summary>No profile and no DOCKET_URL/DOCKET_KEY: exit code 4, as for a key Docket refuses.</summary>
public sealed class NotLoggedInException(string message) : Exception(message);
