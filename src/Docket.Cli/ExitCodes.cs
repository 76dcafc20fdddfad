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

    public static int For(DocketApiException exception) => exception.Status switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity
            => InvalidInput,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound => NotFoundOrForbidden,
        _ => Failure,
    };
}

/// <summary>Input the command line itself refuses (a missing file, a malformed priority file): exit code 2.</summary>
public sealed class InvalidInputException(string message) : Exception(message);
