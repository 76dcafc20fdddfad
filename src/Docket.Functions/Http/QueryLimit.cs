using System.Globalization;
using Docket.Domain.Validation;

namespace Docket.Functions.Http;

/// <summary>The <c>limit</c> query parameter of a paged route: a whole number from 1 to the route's most.</summary>
public static class QueryLimit
{
    /// <returns>The limit asked for, or <paramref name="defaultLimit"/> when none was; a bad one is noted in
    /// <paramref name="errors"/>.</returns>
    public static int Read(HttpRequest request, int defaultLimit, int max, List<ValidationError> errors)
    {
        if (request.Query["limit"].ToString() is not { Length: > 0 } text) return defaultLimit;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            && limit is >= 1 && limit <= max) return limit;
        errors.Add(new ValidationError("limit", $"must be a whole number from 1 to {max}"));
        return defaultLimit;
    }
}
