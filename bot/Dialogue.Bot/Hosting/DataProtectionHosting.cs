using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Hosting;

/// <summary>
/// ASP.NET Core Data Protection (antiforgery tokens, the staff sign-in cookie) with its key ring in the database, so
/// every replica on the same database, and the same replica after a restart, protects and unprotects with the same
/// keys. The application name is fixed, so replicas installed in different folders still share the ring.
/// </summary>
public static class DataProtectionHosting
{
    /// <summary>The Data Protection application name every replica uses (it isolates payloads per application).</summary>
    public const string ApplicationName = "dialogue";

    /// <summary>The purpose of the payload protected at start to make sure a key exists (see <see cref="EnsureKeyRing"/>).</summary>
    private const string StartupPurpose = "Dialogue.Startup.KeyRing";

    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the keys at rest (optional; e.g. a mounted secret).</summary>
    public const string CertificatePathKey = "DataProtection:CertificatePath";

    /// <summary>The password of <see cref="CertificatePathKey"/>'s file (empty when it has none).</summary>
    public const string CertificatePasswordKey = "DataProtection:CertificatePassword";

    public static IServiceCollection AddDialogueDataProtection(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var protection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (config[CertificatePathKey] is { Length: > 0 } path)
        {
            // Every replica needs the same certificate (with its private key) to read keys the others wrote.
            var certificate = LoadCertificate(path, config[CertificatePasswordKey]);
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        services.AddOptions<KeyManagementOptions>()
            .Configure<IDbContextFactory<DialogueDbContext>>((o, factory) => o.XmlRepository = new DatabaseXmlRepository(factory));
        return services;
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{CertificatePathKey}: the certificate file cannot be read ({ex.GetType().Name}).", ex);
        }

        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{CertificatePathKey}: the certificate has no private key, so keys encrypted with it could not be read back.");
    }

    /// <summary>
    /// Makes sure the key ring has a key, creating one if it is empty. Call under the replica startup lock, after the
    /// schema is migrated: replicas starting together then take turns, and only the first creates a key; the others
    /// read it. (Left to the first request instead, two replicas could each make a key the other would not see for up
    /// to a day.)
    /// </summary>
    public static void EnsureKeyRing(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(StartupPurpose);
        _ = protector.Unprotect(protector.Protect([1]));
    }
}

/// <summary>
/// The key ring's storage: rows of <c>data_protection_keys</c>, one per XML element the key manager stores. The key
/// manager calls these synchronously, rarely (at start, when the cached ring is refreshed about once a day, and when a
/// key is created), so synchronous database calls are fine here.
/// </summary>
internal sealed class DatabaseXmlRepository(IDbContextFactory<DialogueDbContext> factory) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = factory.CreateDbContext();
        var rows = db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList();
        return rows.Select(xml => XElement.Parse(xml)).ToList().AsReadOnly();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var db = factory.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKeyRecord
        {
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        });
        db.SaveChanges();
    }
}
