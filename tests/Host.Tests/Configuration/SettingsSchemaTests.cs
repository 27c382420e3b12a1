using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>The registry of known sections: what a declared section (a plugin's under <c>Plugins</c>) brings.</summary>
public sealed class SettingsSchemaTests
{
    [Fact]
    public void An_undeclared_plugin_section_is_left_to_the_pipeline_planner()
    {
        // Plugins:<plugin>:<device>:<stage>:<property> are stage properties, checked against the
        // stages' declarations once the plugins are loaded; only a near miss of Folders is refused here.
        SettingsSchema.ForHost().Check(Settings(new() { ["Plugins:Probe:probe0:fail:rate"] = "30" }));

        var e = Assert.Throws<BadInputException>(() => SettingsSchema.ForHost().Check(Settings(new() { ["Plugins:Foldrs:0"] = "/p" })));

        Assert.Equal("Plugins:Foldrs: unknown setting; did you mean Folders?", e.Message);
    }

    [Fact]
    public void A_declared_plugin_section_is_checked_key_by_key()
    {
        var schema = SettingsSchema.ForHost().Declare<ProbeOptions>("Plugins:Probe");

        schema.Check(Settings(new() { ["Plugins:Probe:Rate"] = "30", ["Plugins:Folders:0"] = "/p" }));
        var unknown = Assert.Throws<BadInputException>(() => schema.Check(Settings(new() { ["Plugins:Probe:Rat"] = "30" })));
        var invalid = Assert.Throws<BadInputException>(() => schema.Check(Settings(new() { ["Plugins:Probe:Rate"] = "fast" })));

        Assert.Equal("Plugins:Probe:Rat: unknown setting (expected one of: Rate); did you mean Rate?", unknown.Message);
        Assert.Equal("Plugins:Probe:Rate: 'fast' is not a whole number", invalid.Message);
    }

    [Fact]
    public void A_declared_section_is_bound_and_its_validator_runs_on_start()
    {
        var schema = SettingsSchema.ForHost().Declare<ProbeOptions>("Plugins:Probe", new ProbeValidator());
        using var provider = Provider(schema, new() { ["Plugins:Probe:Rate"] = "-1", ["Plugins:Folders:0"] = "/p" });

        var e = Assert.Throws<BadInputException>(() => SettingsSchema.Validate(provider));

        Assert.Equal("Plugins:Probe:Rate: -1 must be at least 1", e.Message);
        Assert.Equal(["/p"], provider.GetRequiredService<IOptions<PluginOptions>>().Value.Folders);
    }

    [Fact]
    public void Several_failures_share_one_line()
    {
        var schema = SettingsSchema.ForHost().Declare<ProbeOptions>("Plugins:Probe", new ProbeValidator());
        using var provider = Provider(schema, new() { ["Plugins:Probe:Rate"] = "0", ["Core:MigrationWaitTimeout"] = "00:00:00" });

        var e = Assert.Throws<BadInputException>(() => SettingsSchema.Validate(provider));

        Assert.Contains("Plugins:Probe:Rate: 0 must be at least 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("; ", e.Message, StringComparison.Ordinal);
        Assert.Contains("Core:MigrationWaitTimeout: 00:00:00 is outside", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_section_under_an_undeclared_parent_cannot_be_declared()
    {
        Assert.Throws<InvalidOperationException>(() => SettingsSchema.ForHost().Declare<ProbeOptions>("Plugin:Probe"));
    }

    [Fact]
    public void The_host_knows_its_own_sections()
    {
        Assert.Equal(["Core", "Faults", "Logging", "Memory", "Pipeline", "Plugins"], SettingsSchema.ForHost().Sections);
    }

    private static IConfigurationRoot Settings(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    /// <summary>The services of <paramref name="schema"/>'s sections, bound from <paramref name="values"/> over the embedded defaults.</summary>
    private static ServiceProvider Provider(SettingsSchema schema, Dictionary<string, string?> values)
    {
        var services = new ServiceCollection().AddDmaBufCore();
        schema.Register(services, SettingsLoader.Build(null, values));
        return services.BuildServiceProvider();
    }

    private sealed class ProbeOptions
    {
        public int Rate { get; set; } = 25;
    }

    private sealed class ProbeValidator : IValidateOptions<ProbeOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProbeOptions options) => options.Rate >= 1
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Plugins:Probe:Rate: {options.Rate} must be at least 1");
    }
}
