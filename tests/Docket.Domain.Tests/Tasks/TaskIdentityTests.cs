using Docket.Domain.Tasks;

namespace Docket.Domain.Tests.Tasks;

public sealed class TaskIdentityTests
{
    [Theory]
    [InlineData("study01")]
    [InlineData("a")]
    [InlineData("xray-legacy-05")]
    [InlineData("a/b\\c#d?e f")]
    [InlineData("Étude №1 — 脳 MRI 🧠")]
    public void The_id_is_derived_from_the_name_and_well_formed(string name)
    {
        var id = TaskIdentity.IdFor(name);

        Assert.Equal(id, TaskIdentity.IdFor(name));
        Assert.Equal(20, id.Length);
        Assert.Matches("^[a-z2-7]{20}$", id);
        Assert.True(TaskIdentity.IsWellFormed(id));
    }

    [Fact]
    public void A_500_character_name_gives_a_well_formed_id()
    {
        Assert.True(TaskIdentity.IsWellFormed(TaskIdentity.IdFor(new string('x', 500))));
    }

    [Fact]
    public void The_id_does_not_change_between_versions()
    {
        // Pinned: stored rows are keyed by this id, so the derivation must never change.
        Assert.Equal("o3dht4tadj7tj5l6imzz", TaskIdentity.IdFor("study01"));
    }

    [Fact]
    public void Names_differing_only_in_case_or_spacing_get_different_ids()
    {
        var ids = new[] { "study01", "Study01", "study01 ", " study01", "study1" }.Select(TaskIdentity.IdFor);

        Assert.Equal(5, ids.Distinct().Count());
    }

    [Fact]
    public void Ten_thousand_names_get_ten_thousand_ids()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => TaskIdentity.IdFor($"task-{i}")).ToHashSet();

        Assert.Equal(10_000, ids.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("o3dht4tadj7tj5l6imz")]
    [InlineData("o3dht4tadj7tj5l6imzzz")]
    [InlineData("O3DHT4TADJ7TJ5L6IMZZ")]
    [InlineData("o3dht4tadj7tj5l6imz0")]
    [InlineData("o3dht4tadj7tj5l6imz1")]
    [InlineData("o3dht4tadj7tj5l6imz8")]
    [InlineData("o3dht4tadj7tj5l6imz-")]
    [InlineData("o3dht4tadj7tj5l6im/z")]
    [InlineData("o3dht4tadj7tj5l6im z")]
    public void Malformed_ids_are_recognised(string taskId)
    {
        Assert.False(TaskIdentity.IsWellFormed(taskId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(7)]
    public void The_shard_is_stable_and_within_range(int shardCount)
    {
        foreach (var id in Enumerable.Range(0, 1_000).Select(i => TaskIdentity.IdFor($"task-{i}")))
        {
            var shard = TaskIdentity.ShardOf(id, shardCount);
            Assert.InRange(shard, 0, shardCount - 1);
            Assert.Equal(shard, TaskIdentity.ShardOf(id, shardCount));
        }
    }

    [Fact]
    public void The_shard_does_not_change_between_processes_or_versions()
    {
        // Pinned: a task's partition is found from its id alone, so this must never change (string.GetHashCode would).
        Assert.Equal(4, TaskIdentity.ShardOf("o3dht4tadj7tj5l6imzz", 16));
    }

    [Theory]
    [InlineData("task-{0}")]
    [InlineData("study{0:D5}")]
    [InlineData("{0}")]
    public void Ten_thousand_names_spread_roughly_evenly_over_16_shards(string nameFormat)
    {
        var counts = new int[16];
        for (var i = 0; i < 10_000; i++)
            counts[TaskIdentity.ShardOf(TaskIdentity.IdFor(
                string.Format(System.Globalization.CultureInfo.InvariantCulture, nameFormat, i)), 16)]++;

        // 625 expected per shard; allow ±20%.
        Assert.All(counts, count => Assert.InRange(count, 500, 750));
    }
}
