using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Docket.Functions.Tests.LocalHost;

/// <summary>What the sample functions saw, for the local host's own tests.</summary>
public sealed class SampleRecorder
{
    public ConcurrentQueue<string> QueueMessages { get; } = new();
    public ConcurrentQueue<string> FailingAttempts { get; } = new();
    public ConcurrentQueue<DateTime> TimerRuns { get; } = new();
    public ConcurrentQueue<string> Blobs { get; } = new();
    public int TimerRunning;
    public int TimerOverlaps;
}

/// <summary>Functions written exactly as for the Functions worker; the local host must run them unchanged.</summary>
public sealed class SampleFunctions(SampleRecorder recorder)
{
    public const string WorkQueue = "sample-work";
    public const string FailingQueue = "sample-failing";
    public const string DropContainer = "sample-drops";

    [Function(nameof(Greet))]
    public async Task<IResult> Greet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "greetings/{name}/{times:int}")] HttpRequest request,
        string name, int times, CancellationToken cancellationToken)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync(cancellationToken);
        return Results.Json(new { greeting = string.Concat(Enumerable.Repeat($"hello {name} ", times)).Trim(), body }, statusCode: StatusCodes.Status201Created);
    }

    [Function(nameof(RecordWork))]
    public void RecordWork([QueueTrigger(WorkQueue)] string message) => recorder.QueueMessages.Enqueue(message);

    [Function(nameof(AlwaysFail))]
    public void AlwaysFail([QueueTrigger(FailingQueue)] string message)
    {
        recorder.FailingAttempts.Enqueue(message);
        throw new InvalidOperationException("this function always fails");
    }

    [Function(nameof(Tick))]
    public async Task Tick([TimerTrigger("%Sample:TickSchedule%")] TimerInfo timer)
    {
        if (Interlocked.Increment(ref recorder.TimerRunning) > 1) Interlocked.Increment(ref recorder.TimerOverlaps);
        recorder.TimerRuns.Enqueue(DateTime.UtcNow);
        await Task.Delay(1500); // longer than the schedule's period: runs must still not overlap
        Interlocked.Decrement(ref recorder.TimerRunning);
    }

    [Function(nameof(OnDrop))]
    public void OnDrop([BlobTrigger(DropContainer + "/{folder}/{file}")] string content, string folder, string file) =>
        recorder.Blobs.Enqueue($"{folder}|{file}|{content}");
}
