namespace PluggableDmaBuf.Integration.Tests.Authoring;

/// <summary>The tests of a plugin made as an outsider makes one, sharing one <see cref="OutsiderPluginFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AuthoringCollection : ICollectionFixture<OutsiderPluginFixture>
{
    public const string Name = "plugin authoring from packages";
}
