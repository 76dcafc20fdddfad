using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Docket.Storage.Connection;

namespace Docket.FaultHost;

public enum StorageFault
{
    /// <summary>Storage answers 503 without doing anything.</summary>
    Refuse,
    /// <summary>The call does not reach storage: the connection fails.</summary>
    Disconnect,
    /// <summary>Storage does the work, and the reply is lost on the way back (the SDK then retries).</summary>
    LoseReply,
    /// <summary>The reply comes a while later.</summary>
    Delay,
}

/// <summary>
/// Faults injected into the real storage pipeline of a host (an Azure.Core policy, per try): targeted rules for
/// one test, or a seeded random rate for chaos. Never a fake store: everything that is not failed reaches Azurite.
/// </summary>
public sealed class StorageFaults : HttpPipelinePolicy
{
    readonly object gate = new();
    readonly List<Rule> rules = [];
    readonly Random random;
    readonly double rate;
    readonly StorageFault[] kinds;
    int injected;
    readonly int[] injectedByKind = new int[Enum.GetValues<StorageFault>().Length];

    /// <param name="kinds">The faults chosen from at random (all when null).</param>
    public StorageFaults(int seed = 0, double rate = 0, IReadOnlyList<StorageFault>? kinds = null)
    {
        random = new Random(seed);
        this.rate = rate;
        this.kinds = kinds is { Count: > 0 } ? [.. kinds] : Enum.GetValues<StorageFault>();
    }

    sealed class Rule(Func<HttpMessage, bool> matches, StorageFault fault, int times)
    {
        public Func<HttpMessage, bool> Matches => matches;
        public StorageFault Fault => fault;
        public int Left { get; set; } = times;
    }

    public int Injected => Volatile.Read(ref injected);

    /// <summary>How many faults of each kind were injected.</summary>
    public IReadOnlyDictionary<StorageFault, int> InjectedByKind =>
        Enum.GetValues<StorageFault>().ToDictionary(k => k, k => Volatile.Read(ref injectedByKind[(int)k]));

    /// <summary>Switches random faults on or off (e.g. off while a test sets up or checks).</summary>
    public bool Enabled { get; set; } = true;

    public StoragePipelinePolicy AsStoragePolicy() => new(this, HttpPipelinePosition.PerRetry);

    /// <summary>The next <paramref name="times"/> tries that match get <paramref name="fault"/>.</summary>
    public void Add(Func<HttpMessage, bool> matches, StorageFault fault, int times = 1)
    {
        lock (gate) rules.Add(new Rule(matches, fault, times));
    }

    /// <summary>Drops every targeted rule not used up yet.</summary>
    public void Clear()
    {
        lock (gate) rules.Clear();
    }

    /// <summary>
    /// A try of a batch transaction on a table ("POST …/$batch" naming it in its body cannot be seen here: any
    /// batch).
    /// </summary>
    public static bool IsBatch(HttpMessage message) =>
        message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("$batch");

    /// <summary>Whether the request's body mentions <paramref name="text"/> (e.g. a task id in a batch).</summary>
    public static bool BodyContains(HttpMessage message, string text)
    {
        if (message.Request.Content is not { } content) return false;
        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()).Contains(text, StringComparison.Ordinal);
    }

    public static bool IsTable(HttpMessage message, string table) =>
        message.Request.Uri.Path.Contains("/" + table, StringComparison.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!TryChoose(message, out var fault))
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }
        Interlocked.Increment(ref injected);
        Interlocked.Increment(ref injectedByKind[(int)fault.Value]);
        switch (fault)
        {
            case StorageFault.Refuse:
                message.Response = new InjectedResponse(503, message.Request.ClientRequestId);
                return;
            case StorageFault.Disconnect:
                throw new IOException("Injected fault: the connection to storage failed.");
            case StorageFault.LoseReply:
                await ProcessNextAsync(message, pipeline);
                throw new IOException("Injected fault: storage did the work and the reply was lost.");
            default:
                await Task.Delay(TimeSpan.FromMilliseconds(200 + Next(800)), message.CancellationToken);
                await ProcessNextAsync(message, pipeline);
                return;
        }
    }

    bool TryChoose(HttpMessage message, [NotNullWhen(true)] out StorageFault? fault)
    {
        lock (gate)
        {
            var rule = rules.FirstOrDefault(r => r.Left > 0 && r.Matches(message));
            if (rule is not null)
            {
                rule.Left--;
                fault = rule.Fault;
                return true;
            }
            if (Enabled && rate > 0 && random.NextDouble() < rate)
            {
                fault = kinds[random.Next(kinds.Length)];
                return true;
            }
        }
        fault = null;
        return false;
    }

    int Next(int max)
    {
        lock (gate) return random.Next(max);
    }

    /// <summary>A response storage did not send, with only a status.</summary>
    sealed class InjectedResponse(int status, string clientRequestId) : Response
    {
        public override int Status => status;

        /// <summary>
        /// The pipeline's transport marks error responses; this one never reaches it. Unmarked, the SDK would neither
        /// retry it nor see it as a failure, and would read its empty body as an answer.
        /// </summary>
        public override bool IsError => status >= 400;
        public override string ReasonPhrase => "Injected fault";
        public override Stream? ContentStream { get; set; } = new MemoryStream();
        public override string ClientRequestId { get; set; } = clientRequestId;
        public override void Dispose() { }
        protected override bool ContainsHeader(string name) => false;
        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];
        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }
        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
