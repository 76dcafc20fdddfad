using System.Globalization;

namespace Docket.FaultHost;

/// <summary>
/// Random storage faults for a host process, from its environment: <c>DOCKET_FAULTS_SEED</c> (an integer; random
/// when absent), <c>DOCKET_FAULTS_RATE</c> (the share of storage tries that fail, 0–1) and <c>DOCKET_FAULTS_KINDS</c>
/// (a comma-separated list of <see cref="StorageFault"/> names; all when absent).
/// </summary>
public sealed record FaultSettings(int Seed, double Rate, IReadOnlyList<StorageFault> Kinds)
{
    public const string SeedVariable = "DOCKET_FAULTS_SEED";
    public const string RateVariable = "DOCKET_FAULTS_RATE";
    public const string KindsVariable = "DOCKET_FAULTS_KINDS";

    public static FaultSettings FromEnvironment()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } seedText
            ? int.Parse(seedText, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var rate = Environment.GetEnvironmentVariable(RateVariable) is { Length: > 0 } rateText
            ? double.Parse(rateText, CultureInfo.InvariantCulture)
            : 0;
        var kinds = Environment.GetEnvironmentVariable(KindsVariable) is { Length: > 0 } kindsText
            ? kindsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(Enum.Parse<StorageFault>).ToList()
            : [.. Enum.GetValues<StorageFault>()];
        return new FaultSettings(seed, rate, kinds);
    }

    /// <summary>The variables that give a host process these settings.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() => new Dictionary<string, string>
    {
        [SeedVariable] = Seed.ToString(CultureInfo.InvariantCulture),
        [RateVariable] = Rate.ToString(CultureInfo.InvariantCulture),
        [KindsVariable] = string.Join(',', Kinds),
    };

    public StorageFaults CreateFaults() => new(Seed, Rate, Kinds);

    public override string ToString() =>
        $"seed {Seed}, rate {Rate.ToString(CultureInfo.InvariantCulture)}, kinds {string.Join(',', Kinds)}";
}
