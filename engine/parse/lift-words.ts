/**
 * Word lists for lifting prose procedures (docs/lifting.md): command words people write in
 * runbooks, and the verbs that open a procedure step. Lower case.
 */

/** Command-line tools seen in on-call runbooks (and common Unix tools). */
export const KNOWN_COMMANDS = new Set(
  (
    'kubectl oc helm kustomize k9s kubeadm kubelet crictl ctr minikube kind eksctl gcloud gsutil bq aws az doctl terraform ' +
    'terragrunt pulumi ansible ansible-playbook vault consul nomad etcdctl etcdutl docker podman buildah skopeo ' +
    'docker-compose git gh glab curl wget http httpie ssh scp sftp rsync nc ncat telnet ping traceroute mtr dig nslookup ' +
    'host openssl systemctl journalctl service sudo su chmod chown chgrp ls cat less more head tail grep egrep rg awk ' +
    'sed cut sort uniq wc tr jq yq xargs find du df free top htop ps kill pkill killall lsof netstat ss ip ifconfig ' +
    'iptables nft mount umount lsblk blkid fdisk parted mkfs fsck xfs_repair tar gzip gunzip zcat zip unzip mkdir rmdir rm ' +
    'cp mv ln touch echo printf export env date sleep watch tee python python3 pip pip3 pipx node npm npx yarn pnpm go ' +
    'cargo ruby gem bundle rake rails java mvn gradle make cmake dotnet php composer perl psql pg_dump pg_restore ' +
    'pg_basebackup pg_ctl pg_ctlcluster pg_dumpall pg_isready pg_controldata pg_resetwal pg_upgrade pg_rewind patronictl ' +
    'gitlab-ctl gitlab-rake gitlab-rails mysql mysqldump mysqladmin mariadb mariabackup mariadb-backup xtrabackup ' +
    'redis-cli mongo mongosh mongodump mongorestore cqlsh nodetool sqlite3 clickhouse-client influx promtool amtool ' +
    'logcli cortextool mimirtool velero restic borg borgmatic pass gpg age sops base64 sha256sum md5sum openstack nova ' +
    'virtctl virsh qemu-img ceph rados rbd radosgw-admin cephadm rook flux fluxctl argocd istioctl linkerd cilium calicoctl ' +
    'consul-template nginx apachectl haproxy certbot step cfssl keytool salt salt-call puppet chef-client knife ' +
    'pacman apt apt-get yum dnf zypper apk brew snap rpm dpkg systemd-analyze dmesg uptime vmstat iostat sar strace ' +
    'ltrace gdb perf tcpdump nmap iperf3 stress lscpu nproc hostname hostnamectl timedatectl useradd usermod passwd ' +
    'crontab at logrotate runme bash sh zsh source nvidia-smi sysctl modprobe lsmod ethtool arping curlie grpcurl ' +
    'websocat kafka-topics kafka-console-consumer kafka-consumer-groups rabbitmqctl rabbitmq-diagnostics nats ' +
    'openvpn wg tailscale heroku fly vercel netlify firebase supabase wrangler sentry-cli datadog-agent'
  ).split(' '),
);

/** Verbs that open a procedure step ("Check …", "Restart …"). */
export const IMPERATIVE_VERBS = new Set(
  (
    'add adjust analyze apply approve ask assign back backup call cancel capture change check choose clean clear click ' +
    'close collect compare configure confirm connect contact copy cordon create debug decrease delete deploy describe ' +
    'detect determine disable download drain dump edit enable ensure enter escalate examine execute export extract ' +
    'fail failover fetch file find fix flush follow generate get go grant identify import increase inspect install ' +
    'investigate invoke kill list load locate log login look make mark merge migrate modify monitor mount move navigate ' +
    'note notify open page pause perform ping post promote provide pull purge push query read rebalance reboot ' +
    'rebuild record redeploy reduce refresh reload remove rename repeat replace request reset resize restart restore ' +
    'resume retry revert review revoke roll rollback rotate run scale scan scrape search see select send set ' +
    'ssh start stop submit switch sync tail take talk terminate test trigger try turn uncordon unmount unlock update ' +
    'upgrade upload use validate verify visit wait watch'
  ).split(' '),
);
