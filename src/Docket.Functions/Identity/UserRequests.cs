using System.Globalization;
using Docket.Application.Identity;
using Api = Docket.Contracts;

namespace Docket.Functions.Identity;

/// <summary>
/// The bodies of the user and key routes, read into their contract records, every problem noted on the reader.
/// </summary>
public static class UserRequests
{
    public static Api.PutUserRequest PutUser(FieldReader fields) => new(fields.Enum<Api.OrgRole>("orgRole"));

    /// <param name="now">When the key is issued: its expiry must come after, within
    /// <see cref="UserService.MaxKeyLifetime"/>.</param>
    public static Api.CreateApiKeyRequest CreateApiKey(FieldReader fields, DateTimeOffset now)
    {
        if (fields.String("expiresAt") is not { } text) return new Api.CreateApiKeyRequest();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiresAt))
            fields.Fail("expiresAt", "must be a date and time (ISO 8601, e.g. 2027-01-31T00:00:00Z)");
        else if (expiresAt <= now)
            fields.Fail("expiresAt", "must be in the future");
        else if (expiresAt > now + UserService.MaxKeyLifetime)
            fields.Fail("expiresAt", $"must be within {UserService.MaxKeyLifetime.TotalDays:N0} days");
        else
            return new Api.CreateApiKeyRequest(expiresAt);
        return new Api.CreateApiKeyRequest();
    }
}
