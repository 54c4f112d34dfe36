package dev.uniformpipeline.jenkins;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSSessionCredentials;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.io.IOException;
import java.util.List;

/**
 * Resolves credentials of the build's job by id ({@code CredentialsProvider.findCredentialById}) and records their
 * use on the build ({@code CredentialsProvider.track}).
 */
public final class JenkinsCredentialResolver implements CredentialResolver {
    private final Run<?, ?> run;

    public JenkinsCredentialResolver(Run<?, ?> run) {
        this.run = run;
    }

    @Override
    public AwsKeys aws(String id) throws IOException {
        AmazonWebServicesCredentials c = find(id, AmazonWebServicesCredentials.class, "awsCredentialsId",
                "an 'AWS Credentials' entry (aws-credentials plugin)");
        AWSCredentials keys = c.getCredentials();
        String session = keys instanceof AWSSessionCredentials s ? s.getSessionToken() : null;
        return new AwsKeys(keys.getAWSAccessKeyId(), keys.getAWSSecretKey(), session);
    }

    @Override
    public UsernamePassword usernamePassword(String id) throws IOException {
        StandardUsernamePasswordCredentials c = find(id, StandardUsernamePasswordCredentials.class,
                "registryCredentialsId", "a 'Username with password' entry");
        return new UsernamePassword(c.getUsername(), Secret.toString(c.getPassword()));
    }

    @Override
    public UsernamePassword gitToken(String id) throws IOException {
        StringCredentials text = CredentialsProvider.findCredentialById(id, StringCredentials.class, run);
        if (text != null) {
            CredentialsProvider.track(run, text);
            return new UsernamePassword(null, Secret.toString(text.getSecret()));
        }
        StandardUsernamePasswordCredentials c = find(id, StandardUsernamePasswordCredentials.class,
                "gitCredentialsId", "a 'Secret text' token, a 'Username with password' entry or an 'SSH Username with private key' entry");
        return new UsernamePassword(c.getUsername(), Secret.toString(c.getPassword()));
    }

    @Override
    public SshKey gitSshKey(String id) throws IOException {
        SSHUserPrivateKey key = CredentialsProvider.findCredentialById(id, SSHUserPrivateKey.class, run);
        if (key == null) {
            return null;
        }
        CredentialsProvider.track(run, key);
        List<String> keys = key.getPrivateKeys();
        if (keys.isEmpty() || keys.get(0).isBlank()) {
            throw new AbortException("gitCredentialsId: the 'SSH Username with private key' entry '" + id
                    + "' holds no private key; enter the key (OpenSSH or PEM text) in the credential, or fix the id.");
        }
        Secret passphrase = key.getPassphrase();
        return new SshKey(key.getUsername(), keys.get(0), passphrase == null ? null : Secret.toString(passphrase));
    }

    private <C extends IdCredentials> C find(String id, Class<C> type, String field, String expected)
            throws AbortException {
        C c = CredentialsProvider.findCredentialById(id, type, run);
        if (c == null) {
            throw new AbortException(field + ": no credentials with id '" + id + "' that this job can use; expected "
                    + expected + ". Add it under Manage Jenkins > Credentials (or the folder's credentials), or fix"
                    + " the id.");
        }
        CredentialsProvider.track(run, c);
        return c;
    }
}
