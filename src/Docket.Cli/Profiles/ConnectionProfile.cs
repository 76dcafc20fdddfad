namespace Docket.Cli.Profiles;

/// <summary>Where Docket is and which key to call it with.</summary>
public sealed record ConnectionProfile(Uri Url, string Key);
