using Microsoft.Extensions.Options;

namespace Docket.Application.Configuration;

/// <summary>
/// The deployment's secrets: the bootstrap admin (an email and a key) and the key that signs continuation cursors.
/// Every instance of the app must share them; in Azure each key is a Key Vault reference.
/// </summary>
public sealed class SecretsOptions
{
    /// <summary>The settings are <c>Docket:BootstrapAdminKey</c>, <c>Docket:CursorSigningKey</c>, …</summary>
    public const string SectionName = "Docket";

    /// <summary>Secrets shorter than this are refused: a key must not be guessable.</summary>
    public const int MinimumKeyLength = 32;

    public string? BootstrapAdminEmail { get; set; }
    public string? BootstrapAdminKey { get; set; }

    /// <summary>Signs Data Page and queue cursors. Required: without it cursors would not continue elsewhere.</summary>
    public string? CursorSigningKey { get; set; }

    /// <summary>
    /// The signing key in use before the last rotation: cursors it signed are still accepted, so a rotation
    /// breaks no walk in progress. Remove it once the longest walk is over.
    /// </summary>
    public string? CursorSigningKeyPrevious { get; set; }
}

/// <summary>
/// Refuses, at start-up, a secret that is missing where it is required, too short to be secret, or the literal text of
/// a Key Vault reference App Service could not resolve (it hands the app the reference itself, and that text can be
/// worked out from public names). The message names the setting, never its value.
/// </summary>
public sealed class SecretsOptionsValidation : IValidateOptions<SecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretsOptions options)
    {
        var problems = new List<string>();
        if (!string.IsNullOrEmpty(options.BootstrapAdminKey))
            Check(DocketSettings.BootstrapAdminKey, options.BootstrapAdminKey, problems);
        if (string.IsNullOrEmpty(options.CursorSigningKey))
            problems.Add($"{DocketSettings.CursorSigningKey} is required (every instance signs cursors with it).");
        else
            Check(DocketSettings.CursorSigningKey, options.CursorSigningKey, problems);
        if (!string.IsNullOrEmpty(options.CursorSigningKeyPrevious))
            Check(DocketSettings.CursorSigningKeyPrevious, options.CursorSigningKeyPrevious, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <returns>What is wrong with a secret's value, or null when it may be used.</returns>
    public static string? Problem(string value) =>
        IsUnresolvedKeyVaultReference(value)
            ? "is an unresolved Key Vault reference (check the app's access to the vault and the secret's URI)"
            : value.Trim().Length < SecretsOptions.MinimumKeyLength
                ? $"is shorter than {SecretsOptions.MinimumKeyLength} characters"
                : null;

    static void Check(string setting, string value, List<string> problems)
    {
        if (Problem(value) is { } problem) problems.Add($"{setting} {problem}; the app refuses to start with it.");
    }

    static bool IsUnresolvedKeyVaultReference(string value) =>
        value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
}
